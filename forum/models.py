"""The forum: categories filed under a membership scope, topics, posts, flags, subscriptions,
notifications and the moderation log. State changes go through forum/services.py."""

import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Func, Index, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.storage import private_storage

# Scopes a category is filed under (portal.membership), plus "public" (no account needed).
PUBLIC = "public"
FIXED_SCOPES = (PUBLIC, "member", "friend", "secretariat")
SPACE_PREFIXES = ("college:", "region:")
# PostgreSQL text-search configuration of each language of the site.
SEARCH_CONFIGS = {"en": "english", "fr": "french", "es": "spanish"}


def _scope_check(field):
    """A scope field holds one of FIXED_SCOPES or college:<code> / region:<code>."""
    named = Q(**{f"{field}__in": FIXED_SCOPES})
    for prefix in SPACE_PREFIXES:
        named |= Q(**{f"{field}__startswith": prefix}) & Q(**{f"{field}__regex": rf"^{prefix}[a-z0-9-]+$"})
    return named


class Category(models.Model):
    class Kind(models.TextChoices):
        THEME = "theme", _("Theme")
        COLLEGE = "college", _("College")
        REGION = "region", _("Region")
        SECRETARIAT = "secretariat", _("Secretariat")
        GENERAL = "general", _("General")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    read_scope = models.CharField(
        _("who may read"),
        max_length=80,
        default=PUBLIC,
        help_text=_("public, member, friend, secretariat, college:<code> or region:<code>"),
    )
    post_scope = models.CharField(
        _("who may post"),
        max_length=80,
        default="member",
        help_text=_("member, friend, secretariat, college:<code> or region:<code>"),
    )
    # The college or region space the category belongs to ("" for none): its space lists it and, for a
    # region, that region's correspondents moderate it.
    space = models.CharField(_("space"), max_length=80, blank=True, default="")
    theme = models.ForeignKey("portal.Theme", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("theme"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("forum category")
        verbose_name_plural = _("forum categories")
        ordering = ["position", "slug"]
        constraints = [
            models.CheckConstraint(condition=_scope_check("read_scope"), name="forum_category_read_scope_known"),
            models.CheckConstraint(
                condition=_scope_check("post_scope") & ~Q(post_scope=PUBLIC), name="forum_category_post_scope_known"
            ),
            models.CheckConstraint(
                condition=Q(space="")
                | Q(space__startswith="college:", space__regex=r"^college:[a-z0-9-]+$")
                | Q(space__startswith="region:", space__regex=r"^region:[a-z0-9-]+$"),
                name="forum_category_space_known",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["theme", "college", "region", "secretariat", "general"]),
                name="forum_category_kind_known",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("forum:category", kwargs={"slug": self.slug})

    @property
    def region_code(self):
        return self.space.split(":", 1)[1] if self.space.startswith("region:") else None


class ForumProfile(models.Model):
    """What the forum keeps about a person: the @handle others mention, the mail digest choice and when
    they were last seen on the forum (mail waits while they are reading)."""

    class Digest(models.TextChoices):
        NONE = "none", _("Each notification by e-mail")
        DAILY = "daily", _("One daily digest")
        OFF = "off", _("No e-mail")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_profile")
    handle = models.SlugField(_("handle"), max_length=40, unique=True)
    digest = models.CharField(_("e-mail"), max_length=10, choices=Digest.choices, default=Digest.NONE)
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)
    last_digest_at = models.DateTimeField(_("last digest"), null=True, blank=True)

    class Meta:
        verbose_name = _("forum profile")
        verbose_name_plural = _("forum profiles")
        constraints = [
            models.CheckConstraint(condition=Q(digest__in=["none", "daily", "off"]), name="forum_profile_digest_known")
        ]

    def __str__(self):
        return f"@{self.handle}"


class Status(models.TextChoices):
    PUBLISHED = "published", _("Published")
    PENDING = "pending", _("Waiting for approval")
    FLAGGED = "flagged", _("Hidden after flags, waiting for a moderator")
    HIDDEN = "hidden", _("Hidden by a moderator")


STATUS_CHECK = Q(status__in=[s for s, _label in Status.choices])


class Topic(models.Model):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="topics", verbose_name=_("category"))
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="forum_topics"
    )
    # Mirrors the first post: a topic whose first post waits or is hidden is listed for moderators only.
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PUBLISHED)
    pinned = models.BooleanField(_("pinned"), default=False)
    locked = models.BooleanField(_("locked"), default=False)
    answer = models.ForeignKey(
        "Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("answer")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_posted_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [models.CheckConstraint(condition=STATUS_CHECK, name="forum_topic_status_known")]
        indexes = [models.Index(fields=["category", "-pinned", "-last_posted_at"], name="forum_topic_listing")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forum:topic", kwargs={"pk": self.pk})


class PostVector(Func):
    """The generated column ``Post.search_vector``: the text stemmed in the post's own language
    (PostgreSQL); NULL elsewhere (SpatiaLite searches ``body`` with icontains)."""

    output_field = SearchVectorField()

    def __init__(self, **extra):
        super().__init__(F("language"), F("search_text"), **extra)

    def deconstruct(self):
        return "forum.models.PostVector", (), {}

    def as_sql(self, compiler, connection, **extra_context):
        return "NULL", []

    def as_postgresql(self, compiler, connection, **extra_context):
        (language, _p1), (text, _p2) = (compiler.compile(e) for e in self.get_source_expressions())
        return f"to_tsvector({config_sql(language)}, COALESCE({text}, ''))", []


def config_sql(language_sql):
    """SQL choosing the text-search configuration from a language column or parameter."""
    cases = " ".join(f"WHEN '{code}' THEN '{name}'::regconfig" for code, name in SEARCH_CONFIGS.items())
    return f"(CASE {language_sql} {cases} ELSE 'simple'::regconfig END)"


class SearchIndex(GinIndex):
    """GIN on PostgreSQL, a plain index on the (NULL) column elsewhere, so one migration runs on both."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return Index.create_sql(self, model, schema_editor, using=using, **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)


class Post(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts", verbose_name=_("topic"))
    number = models.PositiveIntegerField(_("number"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="forum_posts"
    )
    reply_to = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    body = models.TextField(_("text"))
    html = models.TextField(editable=False)
    # The title (first post) and the text, what full-text search reads.
    search_text = models.TextField(editable=False, default="")
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PUBLISHED)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    search_vector = models.GeneratedField(expression=PostVector(), output_field=SearchVectorField(), db_persist=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "number"], name="forum_post_number_unique"),
            models.CheckConstraint(condition=STATUS_CHECK, name="forum_post_status_known"),
            models.CheckConstraint(
                condition=Q(language__in=[code for code, _label in settings.LANGUAGES]),
                name="forum_post_language_known",
            ),
        ]
        indexes = [
            SearchIndex(fields=["search_vector"], name="forum_post_search", condition=Q(status="published")),
            models.Index(fields=["author", "created_at"], name="forum_post_author_day"),
        ]

    def __str__(self):
        return f"{self.topic} #{self.number}"

    def get_absolute_url(self):
        return reverse("forum:topic", kwargs={"pk": self.topic_id}) + f"#post-{self.number}"

    @property
    def is_first(self):
        return self.number == 1


class PostRevision(models.Model):
    """The text of a post before an edit (author's or moderator's), for the moderators' history."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    title = models.CharField(max_length=200, blank=True)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    edited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-edited_at", "-pk"]

    def __str__(self):
        return f"{self.post} ({self.edited_at:%Y-%m-%d %H:%M})"


def attachment_name(instance, filename):
    # Server-made: nothing of what the person's file was called reaches the disk.
    return f"forum/{uuid.uuid4().hex}.{instance.extension}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"
        WEBP = "webp", "WebP"
        PDF = "pdf", "PDF"

    CONTENT_TYPES = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "pdf": "application/pdf"}

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    file = models.FileField(storage=private_storage, upload_to=attachment_name)
    size = models.PositiveIntegerField()
    original_name = models.CharField(max_length=120, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["jpeg", "png", "webp", "pdf"]), name="forum_attachment_kind_known"
            )
        ]

    def __str__(self):
        return f"{self.post} {self.kind} {self.pk}"

    @property
    def extension(self):
        return "jpg" if self.kind == "jpeg" else self.kind

    @property
    def content_type(self):
        return self.CONTENT_TYPES[self.kind]

    @property
    def is_image(self):
        return self.kind != "pdf"


class Flag(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam")
        INAPPROPRIATE = "inappropriate", _("Inappropriate")
        OFF_TOPIC = "off_topic", _("Off topic")
        OTHER = "other", _("Something else")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    flagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when a moderator looked at the post (kept or hidden it): the flag no longer counts.
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "flagged_by"], name="forum_flag_once_per_member"),
            models.CheckConstraint(
                condition=Q(reason__in=["spam", "inappropriate", "off_topic", "other"]), name="forum_flag_reason_known"
            ),
        ]

    def __str__(self):
        return f"{self.post} {self.reason}"


class Level(models.IntegerChoices):
    """Discourse's notification levels."""

    MUTED = 0, _("Muted")
    NORMAL = 1, _("Normal")
    TRACKING = 2, _("Tracking")
    WATCHING = 3, _("Watching")


class Subscription(models.Model):
    """A person's level for one topic or one category (exactly one of the two)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_subscriptions")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions")
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    level = models.PositiveSmallIntegerField(choices=Level.choices, default=Level.NORMAL)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(topic__isnull=False) & Q(category__isnull=True))
                | (Q(topic__isnull=True) & Q(category__isnull=False)),
                name="forum_subscription_topic_or_category",
            ),
            models.CheckConstraint(condition=Q(level__in=[0, 1, 2, 3]), name="forum_subscription_level_known"),
            models.UniqueConstraint(
                fields=["user", "topic"], condition=Q(topic__isnull=False), name="forum_subscription_topic_once"
            ),
            models.UniqueConstraint(
                fields=["user", "category"],
                condition=Q(category__isnull=False),
                name="forum_subscription_category_once",
            ),
        ]

    def __str__(self):
        return f"{self.user_id} {self.topic or self.category} {self.level}"


class Notification(models.Model):
    class Kind(models.TextChoices):
        MENTIONED = "mentioned", _("mentioned you")
        REPLIED = "replied", _("replied to you")
        POSTED = "posted", _("posted in a topic you watch")
        NEW_TOPIC = "new_topic", _("opened a topic in a category you watch")
        ANSWER = "answer", _("marked your reply as the answer")
        APPROVED = "approved", _("approved your post")
        FLAGGED = "flagged", _("A post was hidden after flags")
        PENDING = "pending", _("A post waits for your approval")

    class Mail(models.TextChoices):
        PENDING = "pending", _("to be mailed")
        SENT = "sent", _("mailed")
        SKIPPED = "skipped", _("not mailed: read on the site")
        DIGEST = "digest", _("in the daily digest")
        NONE = "none", _("not mailed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="notifications")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    mail = models.CharField(max_length=10, choices=Mail.choices, default=Mail.PENDING)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Never twice for the same post and person, whatever the reasons (a mention in a reply).
            models.UniqueConstraint(fields=["user", "post"], name="forum_notification_once_per_post"),
            models.CheckConstraint(
                condition=Q(
                    kind__in=["mentioned", "replied", "posted", "new_topic", "answer", "approved", "flagged", "pending"]
                ),
                name="forum_notification_kind_known",
            ),
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="forum_notification_unread")]

    def __str__(self):
        return f"{self.kind} {self.post}"


class ModerationLog(models.Model):
    """What moderators did, shown to moderators on /forum/moderation/log/ (also in portal.audit)."""

    class Action(models.TextChoices):
        HIDE = "hide", _("hid a post")
        UNHIDE = "unhide", _("made a post visible again")
        APPROVE = "approve", _("approved a post")
        REJECT = "reject", _("rejected a post")
        EDIT = "edit", _("edited a post")
        MOVE = "move", _("moved a topic")
        LOCK = "lock", _("locked a topic")
        UNLOCK = "unlock", _("unlocked a topic")
        PIN = "pin", _("pinned a topic")
        UNPIN = "unpin", _("unpinned a topic")
        AUTO_HIDE = "auto_hide", _("post hidden after flags")

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, null=True, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.action} {self.topic}"
