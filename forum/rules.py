import rules

from portal.rules import is_authenticated

from . import access
from .models import Category, Post, Status, Topic


def _category(obj):
    if isinstance(obj, Category):
        return obj
    if isinstance(obj, Topic):
        return obj.category
    if isinstance(obj, Post):
        return obj.topic.category
    return getattr(obj, "category", None)


@rules.predicate
def can_read(user, obj):
    category = _category(obj)
    return category is not None and access.can_read(user, category)


@rules.predicate
def can_post(user, obj):
    category = _category(obj)
    return category is not None and access.can_post(user, category)


@rules.predicate
def moderates(user, obj):
    category = _category(obj)
    return category is not None and user.is_authenticated and access.moderates(user, category)


@rules.predicate
def topic_is_listed(user, topic):
    return topic.status == Status.PUBLISHED or (topic.author_id is not None and topic.author_id == user.pk)


@rules.predicate
def post_is_shown(user, post):
    """Published posts; a person's own waiting or hidden post (with a notice)."""
    return post.status == Status.PUBLISHED or (post.author_id is not None and post.author_id == user.pk)


@rules.predicate
def is_post_author(user, post):
    return user.is_authenticated and post.author_id == user.pk


@rules.predicate
def is_topic_author(user, topic):
    return user.is_authenticated and topic.author_id == user.pk


@rules.predicate
def topic_open(user, topic):
    return not topic.locked


@rules.predicate
def post_topic_open(user, post):
    return not post.topic.locked


@rules.predicate
def not_own_post(user, post):
    return post.author_id != user.pk


@rules.predicate
def moderates_somewhere(user):
    return user.is_authenticated and access.is_moderator_anywhere(user)


rules.add_perm("forum.view_index", rules.always_allow)
rules.add_perm("forum.view_category", can_read)
rules.add_perm("forum.start_topic", is_authenticated & can_post)
rules.add_perm("forum.view_topic", can_read & (topic_is_listed | moderates))
rules.add_perm("forum.reply", is_authenticated & can_post & (topic_open | moderates))
rules.add_perm("forum.view_post", can_read & (post_is_shown | moderates))
rules.add_perm("forum.edit_post", is_authenticated & can_read & ((is_post_author & post_topic_open) | moderates))
rules.add_perm("forum.flag_post", is_authenticated & can_read & not_own_post)
rules.add_perm("forum.mark_answer", is_authenticated & can_read & (is_topic_author | moderates))
rules.add_perm("forum.subscribe", is_authenticated & can_read)
rules.add_perm("forum.moderate", moderates)
rules.add_perm("forum.view_history", moderates)
rules.add_perm("forum.use_moderation_queue", moderates_somewhere)
rules.add_perm("forum.view_notifications", is_authenticated)
rules.add_perm("forum.search", rules.always_allow)
