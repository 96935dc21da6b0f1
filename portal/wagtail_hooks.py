"""Wagtail hooks of the site shell: the contact page is served by a view (form and view layers)."""

from wagtail import hooks

from .pages import ContactPage
from .views import contact_page


@hooks.register("before_serve_page")
def serve_contact_page(page, request, serve_args, serve_kwargs):
    if isinstance(page, ContactPage):
        return contact_page(request, page)
    return None
