"""The service functions the newsletter's views call, in one namespace (``services.subscribe``,
``services.start_sending``...). Nothing is defined here; each lives in its own module:

- ``subscriptions``: sign-up and consent, tokens, one-click unsubscribe, import and export, bounces,
  erasure (GDPR);
- ``editions``: making an edition, its state and progress, what it says in a language, the test send;
- ``engine`` (a package, not re-exported: no request sends an edition itself): claims, sending, marks.

Only views.py imports this module; everything else imports the module it needs.
"""

from .editions import (
    EditionFromPageError,
    EditionStateError,
    cancel_sending,
    create_edition_from_page,
    pause_sending,
    progress,
    render_edition,
    resume_sending,
    send_test,
    start_sending,
)
from .subscriptions import (
    PRESS_UNSUBSCRIBE_SALT,
    UNSUBSCRIBE_SALT,
    InvalidToken,
    confirm,
    export_rows,
    import_subscribers,
    record_bounce,
    subscribe,
    subscribe_account,
    subscriber_from_token,
    subscription_of,
    unsubscribe,
    unsubscribe_account,
    unsubscribe_press_review,
    unsubscribe_token,
    webhook_signature,
)

__all__ = [
    "EditionFromPageError",
    "EditionStateError",
    "InvalidToken",
    "PRESS_UNSUBSCRIBE_SALT",
    "UNSUBSCRIBE_SALT",
    "cancel_sending",
    "confirm",
    "create_edition_from_page",
    "export_rows",
    "import_subscribers",
    "pause_sending",
    "progress",
    "record_bounce",
    "render_edition",
    "resume_sending",
    "send_test",
    "start_sending",
    "subscribe",
    "subscribe_account",
    "subscriber_from_token",
    "subscription_of",
    "unsubscribe",
    "unsubscribe_account",
    "unsubscribe_press_review",
    "unsubscribe_token",
    "webhook_signature",
]
