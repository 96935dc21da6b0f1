"""The forum's share of a person's data (portal.privacy): what they wrote and chose, and the erasure
that keeps their posts for the discussions' sake, anonymised ("Former member")."""

from django.db import transaction

from .models import Flag, ForumProfile, Notification, Post, PostRevision, Subscription, Topic


def export(user):
    profile = ForumProfile.objects.filter(user=user).first()
    return {
        "profile": {"handle": profile.handle, "digest": profile.digest} if profile else None,
        "posts": [
            {
                "topic": post.topic.title,
                "number": post.number,
                "language": post.language,
                "status": post.status,
                "created_at": post.created_at.isoformat(),
                "text": post.body,
            }
            for post in Post.objects.filter(author=user).select_related("topic").order_by("created_at")
        ],
        "subscriptions": [
            {
                "topic": s.topic.title if s.topic else None,
                "category": s.category.slug if s.category else None,
                "level": s.level,
            }
            for s in Subscription.objects.filter(user=user).select_related("topic", "category")
        ],
        "flags": [
            {"post": f.post_id, "reason": f.reason, "note": f.note, "created_at": f.created_at.isoformat()}
            for f in Flag.objects.filter(flagged_by=user)
        ],
    }


@transaction.atomic
def erase(user, *, by):
    """Delete what is only about the person; their posts and topics stay, without an author."""
    Post.objects.filter(author=user).update(author=None)
    Topic.objects.filter(author=user).update(author=None)
    PostRevision.objects.filter(edited_by=user).update(edited_by=None)
    Notification.objects.filter(user=user).delete()
    Notification.objects.filter(actor=user).update(actor=None)
    Subscription.objects.filter(user=user).delete()
    Flag.objects.filter(flagged_by=user).delete()
    ForumProfile.objects.filter(user=user).delete()
