"""Every change of the forum's state. Actors are keyword-only (``by``); each moderator's decision is
recorded in the moderation log and in portal.audit. Posting rules (approval of a new account's first
posts, limits on links, mentions and posts per day) raise ``ValidationError`` with a message the person
reads next to what they typed."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal import audit, roles
from portal.mail import language_of, send_once

from . import access, conf, formatting
from .models import (
    Attachment,
    Category,
    Flag,
    ForumProfile,
    Level,
    ModerationLog,
    Notification,
    Post,
    PostRevision,
    Status,
    Subscription,
    Topic,
)

# --- People ---------------------------------------------------------------------------------------


def profile_for(user):
    """The person's forum profile, made on first use with a handle from their public name."""
    try:
        return user.forum_profile
    except ForumProfile.DoesNotExist:
        pass
    base = (slugify(str(user.public_name))[:30].strip("-") or "member").lower()
    if len(base) < 2:
        base = f"member-{base}"
    for attempt in range(50):
        handle = base if attempt == 0 else f"{base}-{attempt + 1}"
        try:
            with transaction.atomic():
                profile = ForumProfile.objects.create(user=user, handle=handle)
        except IntegrityError:
            if ForumProfile.objects.filter(user=user).exists():
                profile = ForumProfile.objects.get(user=user)
                break
            continue
        break
    else:
        profile = ForumProfile.objects.create(user=user, handle=f"{base}-{user.pk}")
    user.forum_profile = profile
    return profile


def seen(user):
    """Note that ``user`` is reading the forum now (at most once a minute): mail waits meanwhile."""
    now = timezone.now()
    profile = profile_for(user)
    if profile.last_seen_at is None or profile.last_seen_at < now - timedelta(minutes=1):
        ForumProfile.objects.filter(pk=profile.pk).update(last_seen_at=now)
        profile.last_seen_at = now


def set_digest(user, *, digest):
    profile = profile_for(user)
    profile.digest = digest
    profile.save(update_fields=["digest"])


def _published_count(user):
    return Post.objects.filter(author=user, status=Status.PUBLISHED).count()


def is_new_account(user, category):
    return not access.moderates(user, category) and _published_count(user) < conf.get("NEW_ACCOUNT_POSTS")


def check_limits(user, category, body):
    """Raise a ValidationError listing what goes beyond the limits (new accounts have tighter ones)."""
    problems = []
    handles = formatting.mentions(body)
    if len(handles) > conf.get("MAX_MENTIONS"):
        limit = conf.get("MAX_MENTIONS")
        problems.append(
            ngettext("A post may mention at most %(n)s person.", "A post may mention at most %(n)s people.", limit)
            % {"n": limit}
        )
    if is_new_account(user, category):
        limit = conf.get("NEW_MAX_LINKS")
        if formatting.links(body) > limit:
            problems.append(
                ngettext(
                    "As a new member you may put at most %(n)s link in a post; please remove some.",
                    "As a new member you may put at most %(n)s links in a post; please remove some.",
                    limit,
                )
                % {"n": limit}
            )
        limit = conf.get("NEW_MAX_MENTIONS")
        if len(handles) > limit:
            problems.append(
                ngettext(
                    "As a new member you may mention at most %(n)s person in a post.",
                    "As a new member you may mention at most %(n)s people in a post.",
                    limit,
                )
                % {"n": limit}
            )
        limit = conf.get("NEW_MAX_POSTS_PER_DAY")
        if Post.objects.filter(author=user, created_at__gte=timezone.now() - timedelta(days=1)).count() >= limit:
            problems.append(
                ngettext(
                    "As a new member you may write %(n)s post a day; please come back tomorrow.",
                    "As a new member you may write %(n)s posts a day; please come back tomorrow.",
                    limit,
                )
                % {"n": limit}
            )
    if problems:
        raise ValidationError(problems)


def _needs_approval(user, category):
    return not access.moderates(user, category) and _published_count(user) < conf.get("APPROVE_FIRST_POSTS")


# --- Writing --------------------------------------------------------------------------------------


def _handles_map(handles):
    return {p.handle: p.user for p in ForumProfile.objects.filter(handle__in=handles).select_related("user")}


def _render(body):
    handles = formatting.mentions(body)
    return formatting.render(body, frozenset(_handles_map(handles)) if handles else frozenset())


def _language(user, language):
    known = [code for code, _label in settings.LANGUAGES]
    if language in known:
        return language
    return user.language if user.language in known else settings.LANGUAGE_CODE[:2]


def _attach(post, files):
    for checked in files:
        attachment = Attachment(
            post=post,
            kind=checked.kind,
            size=len(checked.content),
            original_name=checked.original_name,
            width=checked.width,
            height=checked.height,
        )
        attachment.file.save("upload", ContentFile(checked.content), save=False)
        attachment.save()


def _new_post(topic, *, by, body, language, reply_to=None, status, files=()):
    number = (Post.objects.filter(topic=topic).aggregate(m=Max("number"))["m"] or 0) + 1
    post = Post.objects.create(
        topic=topic,
        number=number,
        author=by,
        reply_to=reply_to,
        body=body,
        html=_render(body),
        search_text=(topic.title + "\n" if number == 1 else "") + body,
        language=_language(by, language),
        status=status,
    )
    _attach(post, files)
    return post


@transaction.atomic
def start_topic(category, *, by, title, body, language=None, files=()):
    """Open a topic in ``category`` (the caller checked forum.start_topic). A new account's post waits
    for approval; the author watches the topic."""
    check_limits(by, category, body)
    profile_for(by)
    status = Status.PENDING if _needs_approval(by, category) else Status.PUBLISHED
    topic = Topic.objects.create(
        category=category, title=title.strip(), author=by, status=status, last_posted_at=timezone.now()
    )
    post = _new_post(topic, by=by, body=body, language=language, status=status, files=files)
    Subscription.objects.create(user=by, topic=topic, level=Level.WATCHING)
    _after_posting(post, by=by)
    return topic


@transaction.atomic
def reply(topic, *, by, body, language=None, reply_to=None, files=()):
    """Reply in ``topic`` (the caller checked forum.reply). The replier tracks the topic."""
    check_limits(by, topic.category, body)
    profile_for(by)
    status = Status.PENDING if _needs_approval(by, topic.category) else Status.PUBLISHED
    if reply_to is not None and reply_to.topic_id != topic.pk:
        reply_to = None
    post = _new_post(topic, by=by, body=body, language=language, reply_to=reply_to, status=status, files=files)
    if status == Status.PUBLISHED:
        Topic.objects.filter(pk=topic.pk).update(last_posted_at=post.created_at)
    Subscription.objects.get_or_create(user=by, topic=topic, defaults={"level": Level.TRACKING})
    _after_posting(post, by=by)
    return post


def _after_posting(post, *, by):
    if post.status == Status.PUBLISHED:
        notify_post(post)
    else:
        _tell_moderators(post, Notification.Kind.PENDING, actor=by)


@transaction.atomic
def edit_post(post, *, by, body, title=None):
    """Change a post's text (and the topic's title for a first post); the previous text is kept in
    the history that moderators read. A moderator's edit of someone else's post is logged."""
    topic = post.topic
    PostRevision.objects.create(post=post, body=post.body, title=topic.title if post.is_first else "", edited_by=by)
    if by.pk != post.author_id:
        check_limits(by, topic.category, body)
    post.body = body
    post.html = _render(body)
    if post.is_first and title:
        topic.title = title.strip()
        topic.save(update_fields=["title"])
    post.search_text = (topic.title + "\n" if post.is_first else "") + body
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "html", "search_text", "edited_at"])
    if by.pk != post.author_id:
        _log(post.topic, ModerationLog.Action.EDIT, by=by, post=post)
    return post


# --- Subscriptions and notifications --------------------------------------------------------------


def set_level(user, *, level, topic=None, category=None):
    target = {"topic": topic} if topic is not None else {"category": category}
    Subscription.objects.update_or_create(user=user, **target, defaults={"level": int(level)})


def topic_level(user, topic):
    """The level that applies to ``user`` for ``topic``: the topic's own, else the category's (watching
    and muted carry over to its topics, tracking too), else normal."""
    levels = {
        ("topic" if s.topic_id else "category"): s.level
        for s in Subscription.objects.filter(user=user).filter(Q(topic=topic) | Q(category_id=topic.category_id))
    }
    return levels.get("topic", levels.get("category", Level.NORMAL))


def _mail_state(user):
    digest = getattr(getattr(user, "forum_profile", None), "digest", ForumProfile.Digest.NONE)
    return {
        ForumProfile.Digest.DAILY: Notification.Mail.DIGEST,
        ForumProfile.Digest.OFF: Notification.Mail.NONE,
    }.get(digest, Notification.Mail.PENDING)


def _create_notifications(post, wanted, actor):
    """``wanted``: {user: kind}. Only people who may read the post's category are notified, never the
    actor, never twice for one post."""
    category = post.topic.category
    rows = [
        Notification(user=user, kind=kind, post=post, actor=actor, mail=_mail_state(user))
        for user, kind in wanted.items()
        if user.is_active and (actor is None or user.pk != actor.pk) and access.can_read(user, category)
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return rows


def notify_post(post):
    """Tell people about a published post: those mentioned, the author of the post it answers, and who
    watches the topic (or, for a new topic, its category). A muted topic or category stays silent."""
    topic = post.topic
    author = post.author
    wanted = {}
    subs = Subscription.objects.filter(Q(topic=topic) | Q(category_id=topic.category_id)).select_related(
        "user__forum_profile"
    )
    topic_levels, category_levels, people = {}, {}, {}
    for s in subs:
        people[s.user_id] = s.user
        (topic_levels if s.topic_id else category_levels)[s.user_id] = s.level

    def level(user_id):
        return topic_levels.get(user_id, category_levels.get(user_id, Level.NORMAL))

    for user_id in set(topic_levels) | set(category_levels):
        if post.is_first and category_levels.get(user_id) == Level.WATCHING and user_id not in topic_levels:
            wanted[people[user_id]] = Notification.Kind.NEW_TOPIC
        elif not post.is_first and level(user_id) == Level.WATCHING:
            wanted[people[user_id]] = Notification.Kind.POSTED
    # A reply to no post in particular answers the topic's author (as in Discourse).
    replied = post.reply_to.author if post.reply_to_id else (topic.author if not post.is_first else None)
    if replied is not None and level(replied.pk) != Level.MUTED:
        wanted[replied] = Notification.Kind.REPLIED
    handles = formatting.mentions(post.body)
    if handles:
        for profile in ForumProfile.objects.filter(handle__in=handles).select_related("user"):
            if level(profile.user_id) != Level.MUTED:
                wanted[profile.user] = Notification.Kind.MENTIONED
    # The users of the rows need their forum profile (mail state): one query for those not read yet.
    missing = [u.pk for u in wanted if "forum_profile" not in u._state.fields_cache]
    if missing:
        profiles = {p.user_id: p for p in ForumProfile.objects.filter(user_id__in=missing)}
        for user in wanted:
            if user.pk in profiles:
                user.forum_profile = profiles[user.pk]
    return _create_notifications(post, wanted, author)


def moderators_of(category):
    """The active people who moderate ``category``: the secretariat, and the region's correspondents."""
    people = {u.pk: u for u in roles.members(roles.SECRETARIAT)}
    if category.region_code:
        for user in roles.members(roles.CORRESPONDENT):
            if access.moderates(user, category):
                people[user.pk] = user
    return list(people.values())


def _tell_moderators(post, kind, *, actor):
    wanted = {user: kind for user in moderators_of(post.topic.category)}
    profiles = {p.user_id: p for p in ForumProfile.objects.filter(user_id__in=[u.pk for u in wanted])}
    for user in wanted:
        if user.pk in profiles:
            user.forum_profile = profiles[user.pk]
    return _create_notifications(post, wanted, actor)


def mark_read(user, *, notifications=None, topic=None):
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if topic is not None:
        rows = rows.filter(post__topic=topic)
    if notifications is not None:
        rows = rows.filter(pk__in=notifications)
    return rows.update(read_at=timezone.now())


def _notification_context(notification):
    post = notification.post
    with translation.override(language_of(user=notification.user)):
        url = post.get_absolute_url()
    return {
        "notification": notification,
        "post": post,
        "topic": post.topic,
        # Flags and approvals are the forum's own news: no one "did" them.
        "actor_name": ""
        if notification.kind in (Notification.Kind.FLAGGED, Notification.Kind.PENDING)
        else (post.author.public_name if post.author else _("Former member")),
        "url": settings.SITE_URL.rstrip("/") + url,
    }


# What moderators are told about posts others do not see (yet): mailed whatever the post's status.
MODERATOR_KINDS = (Notification.Kind.PENDING, Notification.Kind.FLAGGED)


def send_due_mails(now=None):
    """Mail the notifications that arrived at least MAIL_AFTER_MINUTES ago, unless the person has been on
    the forum since (they saw it) or may no longer read it. Each is mailed once (send_once key)."""
    now = now or timezone.now()
    due = (
        Notification.objects.filter(
            mail=Notification.Mail.PENDING, created_at__lte=now - timedelta(minutes=conf.get("MAIL_AFTER_MINUTES"))
        )
        .select_related("user__forum_profile", "post__topic__category", "post__author")
        .order_by("pk")[:500]
    )
    sent = 0
    for notification in due:
        user = notification.user
        profile = getattr(user, "forum_profile", None)
        state = Notification.Mail.SENT
        if notification.read_at or (
            profile and profile.last_seen_at and profile.last_seen_at >= notification.created_at
        ):
            state = Notification.Mail.SKIPPED
        elif (
            not access.can_read(user, notification.post.topic.category)
            or notification.post.status != Status.PUBLISHED
            and notification.kind not in MODERATOR_KINDS
        ):
            state = Notification.Mail.NONE
        else:
            with transaction.atomic():
                send_once(
                    f"forum.notification.{notification.pk}",
                    template="forum/mail/notification",
                    user=user,
                    context=_notification_context(notification),
                )
            sent += 1
        Notification.objects.filter(pk=notification.pk).update(mail=state)
    return sent


def send_daily_digests(now=None):
    """One mail a day to each person who chose the digest and has unread notifications waiting for it."""
    now = now or timezone.now()
    sent = 0
    waiting = (
        Notification.objects.filter(mail=Notification.Mail.DIGEST, read_at__isnull=True)
        .select_related("user", "post__topic__category", "post__author")
        .order_by("user_id", "-created_at")
    )
    by_user = {}
    for notification in waiting:
        if (
            access.can_read(notification.user, notification.post.topic.category)
            and notification.post.status == Status.PUBLISHED
        ):
            by_user.setdefault(notification.user, []).append(notification)
    for user, items in by_user.items():
        with transaction.atomic():
            send_once(
                f"forum.digest.{user.pk}.{now.date().isoformat()}",
                template="forum/mail/digest",
                user=user,
                context={"items": [_notification_context(n) for n in items]},
            )
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(mail=Notification.Mail.SENT)
            ForumProfile.objects.filter(user=user).update(last_digest_at=now)
        sent += 1
    return sent


# --- Flags and moderation -------------------------------------------------------------------------


def _log(topic, action, *, by, post=None, note=""):
    ModerationLog.objects.create(category=topic.category, topic=topic, post=post, actor=by, action=action, note=note)
    audit.record(f"forum.{action}", post if post is not None else topic, by=by, note=note)


@transaction.atomic
def flag(post, *, by, reason, note=""):
    """Flag ``post`` once per member. The post reaches the moderators' queue at the first flag; at
    FORUM_FLAGS_TO_HIDE distinct members it is hidden until a moderator looks, and they are told."""
    created = False
    try:
        with transaction.atomic():
            Flag.objects.create(post=post, flagged_by=by, reason=reason, note=note[:500])
            created = True
    except IntegrityError:
        return False
    open_flags = Flag.objects.filter(post=post, resolved_at__isnull=True).count()
    if post.status == Status.PUBLISHED and open_flags >= conf.get("FLAGS_TO_HIDE"):
        _set_status(post, Status.FLAGGED)
        _log(post.topic, ModerationLog.Action.AUTO_HIDE, by=None, post=post, note=str(open_flags))
        _tell_moderators(post, Notification.Kind.FLAGGED, actor=None)
    return created


def _set_status(post, status):
    post.status = status
    post.save(update_fields=["status"])
    if post.is_first:
        Topic.objects.filter(pk=post.topic_id).update(status=status)
        post.topic.status = status


def _resolve_flags(post):
    Flag.objects.filter(post=post, resolved_at__isnull=True).update(resolved_at=timezone.now())


def _expect(post, *statuses):
    if post.status not in statuses:
        raise ValidationError(_("This post has changed meanwhile: %(status)s.") % {"status": post.get_status_display()})


@transaction.atomic
def hide(post, *, by, note=""):
    _expect(post, Status.PUBLISHED, Status.FLAGGED)
    _set_status(post, Status.HIDDEN)
    _resolve_flags(post)
    _log(post.topic, ModerationLog.Action.HIDE, by=by, post=post, note=note)


@transaction.atomic
def unhide(post, *, by, note=""):
    """Make a hidden or flagged post visible again (the flags are settled); a published post that was
    only flagged stays published and its flags are settled."""
    _expect(post, Status.PUBLISHED, Status.HIDDEN, Status.FLAGGED)
    _set_status(post, Status.PUBLISHED)
    _resolve_flags(post)
    _log(post.topic, ModerationLog.Action.UNHIDE, by=by, post=post, note=note)


@transaction.atomic
def approve(post, *, by):
    """Publish a waiting post; its author and the people it concerns are notified now."""
    _expect(post, Status.PENDING)
    _set_status(post, Status.PUBLISHED)
    Topic.objects.filter(pk=post.topic_id, last_posted_at__lt=post.created_at).update(last_posted_at=post.created_at)
    _log(post.topic, ModerationLog.Action.APPROVE, by=by, post=post)
    notify_post(post)
    if post.author_id:
        _create_notifications(post, {post.author: Notification.Kind.APPROVED}, by)


@transaction.atomic
def reject(post, *, by, note=""):
    _expect(post, Status.PENDING)
    _set_status(post, Status.HIDDEN)
    _log(post.topic, ModerationLog.Action.REJECT, by=by, post=post, note=note)


@transaction.atomic
def set_locked(topic, *, by, locked):
    topic.locked = locked
    topic.save(update_fields=["locked"])
    _log(topic, ModerationLog.Action.LOCK if locked else ModerationLog.Action.UNLOCK, by=by)


@transaction.atomic
def set_pinned(topic, *, by, pinned):
    topic.pinned = pinned
    topic.save(update_fields=["pinned"])
    _log(topic, ModerationLog.Action.PIN if pinned else ModerationLog.Action.UNPIN, by=by)


@transaction.atomic
def move(topic, *, by, category):
    """Move ``topic`` to ``category`` (the caller checked that ``by`` moderates both)."""
    old = topic.category
    topic.category = category
    topic.save(update_fields=["category"])
    _log(topic, ModerationLog.Action.MOVE, by=by, note=f"{old.slug} → {category.slug}")
    ModerationLog.objects.create(
        category=old, topic=topic, actor=by, action=ModerationLog.Action.MOVE, note=f"{old.slug} → {category.slug}"
    )


@transaction.atomic
def mark_answer(topic, post, *, by):
    """Mark ``post`` (a published reply of ``topic``) as the answer, or clear it with None."""
    if post is not None and (post.topic_id != topic.pk or post.is_first or post.status != Status.PUBLISHED):
        raise ValidationError(_("Only a published reply of this topic can be its answer."))
    topic.answer = post
    topic.save(update_fields=["answer"])
    audit.record("forum.answer", topic, by=by, post=post.pk if post else None)
    if post is not None and post.author_id:
        _create_notifications(post, {post.author: Notification.Kind.ANSWER}, by)


def readable_categories(user):
    return Category.objects.filter(access.readable_q(user))
