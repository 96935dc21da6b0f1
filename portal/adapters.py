from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import gettext

from . import languages
from .auth import refuse_if_locked_out


def on_site_url(url):
    """The same link on SITE_URL: mails never carry the host a request happened to use (a proxy's,
    127.0.0.1:8101), only the portal's public address."""
    site = urlsplit(settings.SITE_URL)
    parts = urlsplit(url)
    return urlunsplit((site.scheme, site.netloc, parts.path, parts.query, parts.fragment))


class AccountAdapter(DefaultAccountAdapter):
    """allauth's mail is rendered in the recipient's language, names the portal as people know it,
    links to SITE_URL, and is sent by Celery after commit."""

    def send_mail(self, template_prefix, email, context):
        from .mail import queue_message, recipient_language

        with recipient_language(email=email, user=context.get("user")):
            from allauth.core import context as allauth_context

            request = allauth_context.request
            site_url = settings.SITE_URL.rstrip("/")
            # The site is named as people know it, in their language (not by the host name).
            site = SimpleNamespace(name=gettext("4 per 1000"), domain=urlsplit(site_url).netloc)
            ctx = {"request": request, "email": email, "current_site": site}
            ctx.update(context)
            # Links were built in the language of the page the request came from; the recipient gets
            # them in their own language (/es/... for a Spanish-speaking account).
            language = translation.get_language()
            for key, value in list(ctx.items()):
                if key.endswith("_url") and isinstance(value, str):
                    source = translation.get_language_from_path(urlsplit(value).path)
                    if source and source != language:
                        # resolve() only matches the active language's prefix: resolve in the link's own.
                        with translation.override(source):
                            value = translate_url(value, language)
                    ctx[key] = on_site_url(value)
            ctx["current_site"] = site
            ctx["site_url"] = f"{site_url}/{language}/"
            message = self.render_mail(template_prefix, email, ctx)
        queue_message(message)

    def format_email_subject(self, subject):
        # "[4 pour 1000] …" in the recipient's language (send_mail renders inside their language).
        return f"[{gettext('4 per 1000')}] {subject}"

    def authentication_failed(self, request, **credentials):
        # django-axes refused the attempt (or this failure reached its limit): say so, not "wrong password".
        super().authentication_failed(request, **credentials)
        refuse_if_locked_out(request)

    def save_user(self, request, user, form, commit=True):
        # A new account starts in the language the person was browsing in.
        user.language = languages.known(translation.get_language())
        return super().save_user(request, user, form, commit=commit)
