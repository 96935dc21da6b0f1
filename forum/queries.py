"""The forum's reads: what a person may see, with the joins and counts each page needs in a fixed
number of queries. Every list starts from the categories the reader may read (forum.access)."""

import re

from django.db import connection
from django.db.models import BooleanField, Count, F, FloatField, Func, Max, OuterRef, Prefetch, Q, Subquery, Value

from . import access
from .models import Attachment, Category, Notification, Post, Status, Topic, config_sql


def categories_for(user):
    """The categories ``user`` may read, each with its number of listed topics and last activity."""
    listed = Q(topics__status=Status.PUBLISHED)
    return (
        Category.objects.filter(access.readable_q(user))
        .annotate(
            topic_count=Count("topics", filter=listed), last_posted_at=Max("topics__last_posted_at", filter=listed)
        )
        .order_by("kind", "position", "slug")
    )


def visible_topics_q(user, category):
    """Topics listed for ``user`` in ``category``: published ones; moderators see all, authors their own."""
    if access.moderates(user, category):
        return Q()
    q = Q(status=Status.PUBLISHED)
    if user.is_authenticated:
        q |= Q(author=user)
    return q


def visible_posts_q(user, category, prefix=""):
    if access.moderates(user, category):
        return Q()
    q = Q(**{f"{prefix}status": Status.PUBLISHED})
    if user.is_authenticated:
        q |= Q(**{f"{prefix}author": user})
    return q


def topics_of(user, category):
    shown = visible_posts_q(user, category, prefix="posts__")
    return (
        Topic.objects.filter(category=category)
        .filter(visible_topics_q(user, category))
        .select_related("author")
        .annotate(reply_count=Count("posts", filter=shown & Q(posts__number__gt=1)))
        .order_by("-pinned", "-last_posted_at", "-pk")
    )


def posts_of(user, topic):
    return (
        Post.objects.filter(topic=topic)
        .filter(visible_posts_q(user, topic.category))
        .select_related("author__forum_profile")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("pk")))
        .annotate(open_flags=Count("flags", filter=Q(flags__resolved_at__isnull=True)))
        .order_by("number")
    )


def unread_count(user):
    if not user.is_authenticated:
        return 0
    return (
        Notification.objects.filter(user=user, read_at__isnull=True)
        .filter(access.readable_q(user, "post__topic__category__"))
        .count()
    )


def notifications_of(user):
    """The person's notifications whose post they may still read (a topic moved to a category out of
    their reach takes its notifications along) and that is still shown to them."""
    rows = Notification.objects.filter(user=user).filter(access.readable_q(user, "post__topic__category__"))
    return rows.select_related("post__topic__category", "post__author", "actor")


def moderation_queue(user):
    """Posts waiting for approval or flagged, in the categories ``user`` moderates."""
    return (
        Post.objects.filter(access.moderated_q(user, "topic__category__"))
        .annotate(open_flags=Count("flags", filter=Q(flags__resolved_at__isnull=True)))
        .filter(Q(status=Status.PENDING) | Q(status=Status.FLAGGED) | Q(open_flags__gt=0))
        .exclude(status=Status.HIDDEN)
        .select_related("topic__category", "author")
        .order_by("created_at")
    )


def moderation_counts(user):
    counts = moderation_queue(user).aggregate(
        pending=Count("pk", filter=Q(status=Status.PENDING)), flagged=Count("pk", filter=~Q(status=Status.PENDING))
    )
    return counts["pending"], counts["flagged"]


class Matches(Func):
    """``search_vector @@ websearch_to_tsquery(<the post's language's configuration>, query)``."""

    output_field = BooleanField()

    def __init__(self, query):
        super().__init__(F("search_vector"), F("language"), Value(query))

    def as_sql(self, compiler, connection, **extra):
        (vector, _p), (language, _q), (query, params) = (compiler.compile(e) for e in self.get_source_expressions())
        return f"{vector} @@ websearch_to_tsquery({config_sql(language)}, {query})", params


class Rank(Matches):
    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra):
        (vector, _p), (language, _q), (query, params) = (compiler.compile(e) for e in self.get_source_expressions())
        return f"ts_rank({vector}, websearch_to_tsquery({config_sql(language)}, {query}))", params


def matching_posts(user, query):
    """Published posts of published topics in the categories ``user`` may read that match ``query``
    (unordered): on PostgreSQL by full-text search, each post in its own language; elsewhere every word
    with icontains."""
    query = (query or "").strip()[:200]
    if not query:
        return Post.objects.none()
    posts = Post.objects.filter(status=Status.PUBLISHED, topic__status=Status.PUBLISHED).filter(
        access.readable_q(user, "topic__category__")
    )
    if connection.vendor == "postgresql":
        return posts.filter(Matches(query))
    for word in re.findall(r"\w+", query)[:8]:
        posts = posts.filter(search_text__icontains=word)
    return posts


def search(user, query, *, limit=50):
    """The forum's own search: matching posts (``matching_posts``), best first."""
    posts = matching_posts(user, query)
    if connection.vendor == "postgresql":
        posts = posts.annotate(rank=Rank(query.strip()[:200])).order_by("-rank", "-created_at")
    else:
        posts = posts.order_by("-created_at")
    return posts.select_related("topic__category", "author")[:limit]


def site_search(query, language, limit, *, user):
    """The site search's forum topics (portal.sitesearch): published topics with a matching published
    post written in ``language``, in categories ``user`` may read; latest activity first."""
    from portal.sitesearch import Result

    posts = matching_posts(user, query).filter(language=language)
    topics = (
        Topic.objects.filter(pk__in=posts.values("topic_id"), status=Status.PUBLISHED)
        .filter(access.readable_q(user, "category__"))
        .select_related("category")
        .order_by("-last_posted_at", "-pk")
    )
    return topics.count(), [
        Result(topic.title, topic.get_absolute_url(), topic.category.name, language=language)
        for topic in topics[:limit]
    ]


def topic_language_subquery():
    return Subquery(Post.objects.filter(topic=OuterRef("pk"), number=1).values("language")[:1])
