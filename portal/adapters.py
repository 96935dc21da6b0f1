from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import gettext

from .auth import refuse_if_locked_out
from .mail import queue_message, recipient_language


class AccountAdapter(DefaultAccountAdapter):
    """allauth's mail is rendered in the recipient's language and sent by Celery after commit."""

    def send_mail(self, template_prefix, email, context):
        with recipient_language(email=email, user=context.get("user")):
            from allauth.core import context as allauth_context

            request = allauth_context.request
            # The site is named as people know it, in their language (not by the host name).
            site = SimpleNamespace(name=gettext("4 per 1000"), domain=request.get_host() if request else "")
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
                            ctx[key] = translate_url(value, language)
            ctx["current_site"] = site
            message = self.render_mail(template_prefix, email, ctx)
        queue_message(message)

    def authentication_failed(self, request, **credentials):
        # django-axes refused the attempt (or this failure reached its limit): say so, not "wrong password".
        super().authentication_failed(request, **credentials)
        refuse_if_locked_out(request)

    def save_user(self, request, user, form, commit=True):
        # A new account starts in the language the person was browsing in.
        language = translation.get_language() or "en"
        user.language = language if language in ("en", "fr", "es") else "en"
        return super().save_user(request, user, form, commit=commit)
