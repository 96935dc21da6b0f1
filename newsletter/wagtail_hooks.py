"""The CMS side of the newsletter: from a newsletter page, the secretariat makes the edition to send."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets.button import Button

from .models import NewsletterPage


def _send_button(page, user):
    if page.specific_class is not NewsletterPage or not user.has_perm("newsletter.manage_editions"):
        return
    # The edition is made from the English page; its translations give the other languages.
    source = page.get_translation_or_none(page.locale.get_default()) or page
    url = reverse("newsletter:edition_new") + "?" + urlencode({"page": source.pk})
    yield Button(_("Send as a newsletter"), url, icon_name="mail", priority=90)


@hooks.register("register_page_header_buttons")
def page_header_send_button(page, user, view_name=None, next_url=None):
    yield from _send_button(page, user)


@hooks.register("register_page_listing_more_buttons")
def page_listing_send_button(page, user, next_url=None):
    yield from _send_button(page, user)
