"""Wagtail hooks of the site shell: the contact page is served by a view (form and view layers); a new
page is shown untranslated in every other language (portal.localisation)."""

from wagtail import hooks

from . import localisation
from .pages import ContactPage
from .views import contact_page


@hooks.register("before_serve_page")
def serve_contact_page(page, request, serve_args, serve_kwargs):
    if isinstance(page, ContactPage):
        return contact_page(request, page)
    return None


@hooks.register("after_create_page", order=100)  # after wagtail-localize's sync of the English tree
def alias_new_page_everywhere(request, page):
    localisation.alias_everywhere(page)
