from allauth.account.adapter import DefaultAccountAdapter

from .mail import queue_message, recipient_language


class AccountAdapter(DefaultAccountAdapter):
    """allauth's mail is rendered in the recipient's language and sent by Celery after commit."""

    def send_mail(self, template_prefix, email, context):
        with recipient_language(email=email, user=context.get("user")):
            from allauth.core import context as allauth_context
            from django.contrib.sites.shortcuts import get_current_site

            request = allauth_context.request
            ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
            ctx.update(context)
            message = self.render_mail(template_prefix, email, ctx)
        queue_message(message)

    def save_user(self, request, user, form, commit=True):
        # A new account starts in the language the person was browsing in.
        from django.utils import translation

        language = translation.get_language() or "en"
        user.language = language if language in ("en", "fr", "es") else "en"
        return super().save_user(request, user, form, commit=commit)
