"""A person's data, contributed by the apps: the download (``/my/data.json``) and the erasure of an account.

portal imports no domain app: an app that holds personal data names a module in its AppConfig
(``personal_data = "forum.privacy"``, like ``work_queues``). The module has two functions:

- ``export(user) -> dict``: what the app holds about the person, JSON-serialisable (ISO dates, no secrets,
  no other person's personal data), under the app's label in the download;
- ``erase(user, *, by) -> None``: called inside the erasure's transaction before the account is deleted;
  it deletes what is only about the person and anonymises what must stay (forum posts, reviews).

The registry is ``modules()``; the services ``export_data(user)`` (the download) and
``erase_account(user, *, by)`` (the erasure) use it. A module may also name, in ``SCRUBBED_BY_APP``,
the large tables its ``erase`` cleans by index, which the final scrub of every text column skips.
The portal's own part (account, addresses, second factor, mails, audit trail, security log) is the
``export``/``erase`` pair at the end of this module (docs/security.md, "Personal data").
"""

import operator
import re
from functools import reduce

from django.apps import apps
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django.utils import timezone
from django.utils.module_loading import import_module
from django.utils.translation import gettext as _


def modules():
    """(app label, module) of every installed app that declares ``personal_data``, in INSTALLED_APPS order."""
    return [
        (config.label, import_module(config.personal_data))
        for config in apps.get_app_configs()
        if getattr(config, "personal_data", None)
    ]


# --- The download ---------------------------------------------------------------------------------
FORMAT = "4p1000-personal-data/1"


def export_data(user) -> dict:
    """The download of ``/my/data.json``: every app's part under its label, in INSTALLED_APPS order."""
    data = {"format": FORMAT, "exported_at": _iso(timezone.now())}
    for label, module in modules():
        data[label] = module.export(user)
    return data


def _iso(value):
    return value.isoformat() if value else None


# --- The erasure ----------------------------------------------------------------------------------
ERASED_DOMAIN = "erased.invalid"  # RFC 2606: never a real mailbox


class ErasureRefused(Exception):
    """The account cannot be erased (a superuser: take the role away first)."""


def erase_account(user, *, by):
    """Erase ``user``'s account, in one transaction: the person is told by mail (queued for after the
    commit, not recorded: the record would keep the address), every app's ``erase`` runs (the
    domain apps first, the portal's own part last), then every text column still naming them
    (address, full name, display name) is scrubbed. The account row is deleted when nothing must keep
    pointing at it; otherwise (a submitted proposal kept for the call's record, an assignment whose
    review still counts) it stays, emptied of personal data, as a "Former member". Returns "deleted"
    or "anonymised". ``by`` is the person (their own erasure) or the secretariat member who erased."""
    if user.is_superuser:
        raise ErasureRefused
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        needles = _needles(user)
        _mail_farewell(user)
        for _label, module in reversed(modules()):
            module.erase(user, by=by)
        scrub(needles, skip=_handled_elsewhere())
        outcome = _erase_row(user)
        erased_by_self = by is not None and by.pk == user.pk
        from .models import AuditEvent

        AuditEvent.objects.create(
            actor=None if erased_by_self or by is None else by,
            verb="account.erased",
            content_type=ContentType.objects.get_for_model(get_user_model()),
            object_id=user.pk,
            object_repr=f"#{user.pk}",
            data={"account": user.pk, "row": outcome, "by": "self" if erased_by_self else "secretariat"},
        )
        from . import securitylog

        securitylog.record(
            securitylog.Kind.ERASURE, user=None if erased_by_self else by, path="", account=user.pk, row=outcome
        )
    return outcome


def _needles(user):
    """The strings that name the person: the address(es), the full name and a distinctive display name
    (six characters or more: a short one would scrub ordinary words from other people's texts)."""
    from allauth.account.models import EmailAddress

    needles = {user.email.lower()}
    needles |= {address.lower() for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    full_name = user.get_full_name().strip()
    if user.first_name and user.last_name and len(full_name) >= 5:
        needles.add(full_name)
    if len(user.display_name.strip()) >= 6:
        needles.add(user.display_name.strip())
    return sorted(needles, key=len, reverse=True)


def _mail_farewell(user):
    from .mail import queue_message, render_mail

    subject, body, html = render_mail("portal/mail/account_erased", {"site_url": settings.SITE_URL}, user.language)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[user.email])
    if html:
        message.attach_alternative(html, "text/html")
    queue_message(message)


def _handled_elsewhere():
    """Tables an app's ``erase`` cleans by index (``SCRUBBED_BY_APP`` in its module): the generic scrub
    skips them, since scanning 100,000s of rows of message text would be slow."""
    labels = set()
    for _label, module in modules():
        labels |= {name.lower() for name in getattr(module, "SCRUBBED_BY_APP", ())}
    return labels


def text_fields(model):
    """The concrete text columns of ``model``: char (e-mail, slug, URL), text and JSON fields."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField, models.JSONField)) and not field.primary_key
    ]


def _scrubbable_models():
    for model in django_apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy and text_fields(model):
            yield model


def scrub(needles, *, replacement=None, skip=()):
    """Replace every occurrence of ``needles`` (case-insensitive) in every text column of every table
    but ``skip`` (model labels, lower case). Returns how many rows changed."""
    replacement = replacement if replacement is not None else str(_("[former member]"))
    pattern = re.compile("|".join(re.escape(needle) for needle in needles), re.IGNORECASE)
    changed = 0
    for model in _scrubbable_models():
        if model._meta.label_lower in skip:
            continue
        for field in text_fields(model):
            condition = Q()
            for needle in needles:
                condition |= Q(**{f"{field.attname}__icontains": needle})
            rows = model._base_manager.filter(condition).values_list("pk", field.attname)
            for pk, value in rows:
                cleaned = _replace(value, pattern, replacement)
                if cleaned != value:
                    model._base_manager.filter(pk=pk).update(**{field.attname: cleaned})
                    changed += 1
    return changed


def _replace(value, pattern, replacement):
    if isinstance(value, str):
        return pattern.sub(replacement, value)
    if isinstance(value, list):
        return [_replace(item, pattern, replacement) for item in value]
    if isinstance(value, dict):
        return {
            _replace(key, pattern, replacement): _replace(item, pattern, replacement) for key, item in value.items()
        }
    return value


def _erase_row(user):
    """Delete the account row; when a protected reference must stay, empty it instead."""
    try:
        with transaction.atomic():
            get_user_model().objects.filter(pk=user.pk).delete()
        return "deleted"
    except (ProtectedError, RestrictedError):
        pass
    get_user_model().objects.filter(pk=user.pk).update(
        email=f"erased-{user.pk}@{ERASED_DOMAIN}",
        first_name="",
        last_name="",
        display_name="",
        password=make_password(None),
        is_active=False,
        is_staff=False,
        last_login=None,
        erased_at=timezone.now(),
    )
    user.groups.clear()
    user.user_permissions.clear()
    user.erased_at = timezone.now()
    return "anonymised"


# --- The portal's own part (AppConfig.personal_data = "portal.privacy") ---------------------------
# Cleaned by ``erase`` below (by address, account id or reference), skipped by the final scrub: recorded
# mails, the audit trail and the security log, django-axes' records of sign-ins, the sessions.
SCRUBBED_BY_APP = [
    "portal.SentMail",
    "portal.AuditEvent",
    "portal.SecurityEvent",
    "axes.AccessAttempt",
    "axes.AccessLog",
    "axes.AccessFailureLog",
    "sessions.Session",
]


def export(user) -> dict:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from .models import AuditEvent, SecurityEvent, SentMail

    user_type = ContentType.objects.get_for_model(get_user_model())
    methods = sorted(set(Authenticator.objects.filter(user=user).values_list("type", flat=True)))
    return {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "display_name": user.display_name,
            "language": user.language,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "groups": sorted(user.groups.values_list("name", flat=True)),
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        "two_factor": {"enabled": bool(methods), "methods": methods},
        "mails_received": [
            {"queued_at": _iso(m.queued_at), "sent_at": _iso(m.sent_at), "template": m.template, "subject": m.subject}
            for m in SentMail.objects.filter(to__iexact=user.email).order_by("queued_at")
        ],
        "contact_messages": [
            {"sent_at": _iso(m.queued_at), "message": m.payload.get("body", "")}
            for m in _contact_messages(user, SentMail)
        ],
        "actions": [
            {
                "at": _iso(e.created_at),
                "verb": e.verb,
                "object_type": e.content_type.model,
                "object_id": e.object_id,
                # A person named by the object (an account) is someone else's data.
                "object": "" if e.content_type_id == user_type.pk else e.object_repr,
            }
            for e in AuditEvent.objects.filter(actor=user).select_related("content_type").order_by("created_at")
        ],
        "security_log": [
            {"at": _iso(e.created_at), "what": e.kind, "path": e.path, "ip": e.ip}
            for e in SecurityEvent.objects.filter(user_id=user.pk).order_by("created_at")
        ],
    }


def _contact_messages(user, SentMail):
    """The site's contact form messages the person wrote (sent to the secretariat, their address as
    Reply-To)."""
    return SentMail.objects.filter(key__startswith="portal:contact:", payload__icontains=user.email).order_by(
        "queued_at"
    )


def erase(user, *, by):
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from .auth import end_sessions
    from .mail import forget_recipient
    from .models import AuditEvent, SecurityEvent, SentMail

    needles = _needles(user)
    addresses = set(EmailAddress.objects.filter(user=user).values_list("email", flat=True)) | {user.email}
    for address in addresses:
        forget_recipient(address)
        for model in (AccessAttempt, AccessLog, AccessFailureLog):
            model.objects.filter(username__iexact=address).delete()
    _contact_messages(user, SentMail).update(to="", subject="", payload={}, pruned_at=timezone.now())
    end_sessions(user)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    # The trail keeps what happened to the account, not who they were.
    user_type = ContentType.objects.get_for_model(get_user_model())
    AuditEvent.objects.filter(content_type=user_type, object_id=user.pk).update(object_repr=f"#{user.pk}", data={})
    for event in AuditEvent.objects.filter(
        reduce(operator.or_, [Q(object_repr__icontains=n) | Q(data__icontains=n) for n in needles])
    ):
        pattern = re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE)
        AuditEvent.objects.filter(pk=event.pk).update(
            object_repr=_replace(event.object_repr, pattern, str(_("[former member]"))),
            data=_replace(event.data, pattern, str(_("[former member]"))),
        )
    # Their sign-ins stay as account-id lines (the log's retention removes them); the IPs go.
    SecurityEvent.objects.filter(user_id=user.pk).update(ip=None)


# --- Retention ------------------------------------------------------------------------------------
def prune(now=None) -> dict:
    """The daily privacy task (portal.tasks.prune_personal_data): mail bodies past their retention,
    security log lines past theirs. Returns how many of each."""
    from . import securitylog
    from .mail import prune_mail_bodies

    return {"mail_bodies": prune_mail_bodies(now), "security_log": securitylog.prune(now)}
