"""The forum's pages. Each asks its permission (forum/rules.py) through portal.permissions: a category,
topic or post out of the reader's reach is a 404, like one that does not exist."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.forms import posted, posted_files
from portal.permissions import object_or_404, permission_required, require

from . import access, conf, queries, services
from .forms import DigestForm, EditForm, FlagForm, LevelForm, MoveForm, PostForm, TopicForm
from .models import Attachment, Category, ForumProfile, Level, ModerationLog, Post, PostRevision, Status, Topic


def _page(request, queryset, size):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def _context(request, **extra):
    """What every forum page shows: the unread count; the person is noted as reading the forum."""
    if request.user.is_authenticated:
        services.seen(request.user)
    return {
        "unread_count": queries.unread_count(request.user),
        "forum_moderator": request.user.is_authenticated and access.is_moderator_anywhere(request.user),
        **extra,
    }


def _initial_language(request):
    language = getattr(request.user, "language", "") or request.LANGUAGE_CODE
    return {"language": language[:2]}


@permission_required("forum.view_index")
def index(request):
    categories = list(queries.categories_for(request.user))
    groups = {}
    for category in categories:
        groups.setdefault(category.get_kind_display(), []).append(category)
    return render(request, "forum/index.html", _context(request, groups=groups))


def _topic_or_404(request, pk, perm="forum.view_topic"):
    return object_or_404(request, perm, Topic.objects.select_related("category", "author"), pk=pk)


def _post_or_404(request, pk, perm):
    return object_or_404(request, perm, Post.objects.select_related("topic__category", "author"), pk=pk)


@permission_required("forum.view_index")
def category(request, slug):
    category = object_or_404(request, "forum.view_category", Category, slug=slug)
    page = _page(request, queries.topics_of(request.user, category), conf.get("TOPICS_PER_PAGE"))
    level = None
    if request.user.is_authenticated:
        level = category.subscriptions.filter(user=request.user).values_list("level", flat=True).first()
    return render(
        request,
        "forum/category.html",
        _context(
            request,
            category=category,
            page=page,
            can_start=request.user.has_perm("forum.start_topic", category),
            level_form=LevelForm(initial={"level": level if level is not None else Level.NORMAL}),
        ),
    )


@permission_required("forum.view_notifications")
def new_topic(request, slug):
    category = object_or_404(request, "forum.start_topic", Category, slug=slug)
    form = TopicForm(posted(request), posted_files(request), initial=_initial_language(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            topic = services.start_topic(
                category,
                by=request.user,
                title=data["title"],
                body=data["body"],
                language=data["language"],
                files=data["files"],
            )
        except ValidationError as error:
            form.add_error("body", error)
        else:
            if topic.status == Status.PENDING:
                messages.info(request, _("Thank you. Your first posts are read by a moderator before others see them."))
            return redirect(topic)
    return render(request, "forum/topic_new.html", _context(request, category=category, form=form))


@permission_required("forum.view_index")
def topic(request, pk):
    topic = _topic_or_404(request, pk)
    page = _page(request, queries.posts_of(request.user, topic), conf.get("POSTS_PER_PAGE"))
    user = request.user
    moderator = user.is_authenticated and access.moderates(user, topic.category)
    if user.is_authenticated:
        services.mark_read(user, topic=topic)
    level = services.topic_level(user, topic) if user.is_authenticated else None
    can_reply = user.has_perm("forum.reply", topic)
    return render(
        request,
        "forum/topic.html",
        _context(
            request,
            topic=topic,
            category=topic.category,
            page=page,
            moderator=moderator,
            can_reply=can_reply,
            can_mark_answer=user.has_perm("forum.mark_answer", topic),
            reply_form=PostForm(initial=_initial_language(request)) if can_reply else None,
            level_form=LevelForm(initial={"level": level}) if level is not None else None,
        ),
    )


@permission_required("forum.view_notifications")
def reply(request, pk):
    topic = _topic_or_404(request, pk, "forum.view_topic")
    require(request, "forum.reply", topic)
    quoted = None
    quote_id = request.GET.get("quote") or request.POST.get("reply_to")
    if quote_id and str(quote_id).isdigit():
        quoted = (
            Post.objects.filter(pk=quote_id, topic=topic)
            .select_related("author__forum_profile", "topic__category")
            .first()
        )
        if quoted is not None and not request.user.has_perm("forum.view_post", quoted):
            quoted = None
    initial = _initial_language(request)
    if quoted is not None and request.method == "GET":
        handle = quoted.author.forum_profile.handle if quoted.author and hasattr(quoted.author, "forum_profile") else ""
        from .formatting import quote

        initial["body"] = quote(quoted.body, handle)
    form = PostForm(posted(request), posted_files(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            post = services.reply(
                topic,
                by=request.user,
                body=data["body"],
                language=data["language"],
                reply_to=quoted,
                files=data["files"],
            )
        except ValidationError as error:
            form.add_error("body", error)
        else:
            if post.status == Status.PENDING:
                messages.info(request, _("Thank you. Your first posts are read by a moderator before others see them."))
            return redirect(post)
    return render(request, "forum/reply.html", _context(request, topic=topic, form=form, quoted=quoted))


@permission_required("forum.view_notifications")
def edit_post(request, pk):
    post = _post_or_404(request, pk, "forum.view_post")
    require(request, "forum.edit_post", post, visible=True)
    form = EditForm(posted(request), initial={"body": post.body, "title": post.topic.title if post.is_first else ""})
    if not post.is_first:
        del form.fields["title"]
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_post(
                post, by=request.user, body=form.cleaned_data["body"], title=form.cleaned_data.get("title")
            )
        except ValidationError as error:
            form.add_error("body", error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(post)
    return render(request, "forum/post_edit.html", _context(request, post=post, form=form))


@permission_required("forum.view_notifications")
def flag_post(request, pk):
    post = _post_or_404(request, pk, "forum.view_post")
    require(request, "forum.flag_post", post, visible=True)
    form = FlagForm(posted(request))
    if request.method == "POST" and form.is_valid():
        if services.flag(post, by=request.user, **form.cleaned_data):
            messages.success(request, _("Thank you: the moderators will look at this post."))
        else:
            messages.info(request, _("You have already flagged this post."))
        return redirect(post.topic)
    return render(
        request,
        "forum/post_flag.html",
        _context(request, post=post, form=form, flags_to_hide=conf.get("FLAGS_TO_HIDE")),
    )


@require_POST
@permission_required("forum.view_notifications")
def mark_answer(request, pk):
    post = _post_or_404(request, pk, "forum.view_post")
    topic = post.topic
    require(request, "forum.mark_answer", topic, visible=True)
    clear = request.POST.get("clear") == "1"
    try:
        services.mark_answer(topic, None if clear else post, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(post)


POST_ACTIONS = {
    "hide": services.hide,
    "unhide": services.unhide,
    "approve": services.approve,
    "reject": services.reject,
}


@require_POST
@permission_required("forum.view_notifications")
def moderate_post(request, pk):
    post = _post_or_404(request, pk, "forum.moderate")
    action = POST_ACTIONS.get(request.POST.get("action"))
    if action is None:
        raise Http404
    try:
        action(post, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Done: %(action)s.") % {"action": ModerationLog.Action(request.POST["action"]).label}
        )
    return redirect("forum:moderation_queue" if request.POST.get("next") == "queue" else post)


@require_POST
@permission_required("forum.view_notifications")
def moderate_topic(request, pk):
    topic = object_or_404(request, "forum.moderate", Topic.objects.select_related("category"), pk=pk)
    action = request.POST.get("action")
    if action in ("lock", "unlock"):
        services.set_locked(topic, by=request.user, locked=action == "lock")
    elif action in ("pin", "unpin"):
        services.set_pinned(topic, by=request.user, pinned=action == "pin")
    else:
        raise Http404
    messages.success(request, _("Done: %(action)s.") % {"action": ModerationLog.Action(action).label})
    return redirect(topic)


@permission_required("forum.view_notifications")
def move_topic(request, pk):
    topic = object_or_404(request, "forum.moderate", Topic.objects.select_related("category"), pk=pk)
    targets = Category.objects.filter(access.moderated_q(request.user)).exclude(pk=topic.category_id)
    form = MoveForm(posted(request), categories=targets)
    if request.method == "POST" and form.is_valid():
        services.move(topic, by=request.user, category=form.cleaned_data["category"])
        messages.success(request, _("The topic has been moved."))
        return redirect(topic)
    return render(request, "forum/topic_move.html", _context(request, topic=topic, form=form))


@permission_required("forum.view_notifications")
def post_history(request, pk):
    post = _post_or_404(request, pk, "forum.view_history")
    revisions = PostRevision.objects.filter(post=post).select_related("edited_by")
    return render(request, "forum/post_history.html", _context(request, post=post, revisions=revisions))


@permission_required("forum.view_index")
def attachment(request, pk):
    item = get_object_or_404(Attachment.objects.select_related("post__topic__category"), pk=pk)
    require(request, "forum.view_post", item.post)
    if item.post.topic.status != Status.PUBLISHED:
        require(request, "forum.view_topic", item.post.topic)
    response = FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        as_attachment=not item.is_image,
        filename=f"attachment-{item.pk}.{item.extension}",
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_POST
@permission_required("forum.view_notifications")
def topic_subscription(request, pk):
    topic = _topic_or_404(request, pk, "forum.subscribe")
    form = LevelForm(request.POST)
    if form.is_valid():
        services.set_level(request.user, topic=topic, level=form.cleaned_data["level"])
        messages.success(
            request, _("Notifications for this topic: %(level)s.") % {"level": Level(form.cleaned_data["level"]).label}
        )
    return redirect(topic)


@require_POST
@permission_required("forum.view_notifications")
def category_subscription(request, slug):
    category = object_or_404(request, "forum.subscribe", Category, slug=slug)
    form = LevelForm(request.POST)
    if form.is_valid():
        services.set_level(request.user, category=category, level=form.cleaned_data["level"])
        messages.success(
            request,
            _("Notifications for this category: %(level)s.") % {"level": Level(form.cleaned_data["level"]).label},
        )
    return redirect(category)


@permission_required("forum.view_notifications")
def notifications(request):
    profile = services.profile_for(request.user)
    form = DigestForm(posted(request), initial={"digest": profile.digest})
    if request.method == "POST":
        if "mark_read" in request.POST:
            services.mark_read(request.user)
            messages.success(request, _("All notifications are marked as read."))
            return redirect("forum:notifications")
        if form.is_valid():
            services.set_digest(request.user, digest=form.cleaned_data["digest"])
            messages.success(request, _("Your e-mail choice is saved."))
            return redirect("forum:notifications")
    page = _page(request, queries.notifications_of(request.user), 50)
    return render(request, "forum/notifications.html", _context(request, page=page, digest_form=form))


@permission_required("forum.search")
def search(request):
    query = request.GET.get("q", "").strip()
    results = list(queries.search(request.user, query)) if query else []
    return render(request, "forum/search.html", _context(request, query=query, results=results))


@permission_required("forum.use_moderation_queue")
def moderation_queue(request):
    posts = list(queries.moderation_queue(request.user).prefetch_related(Prefetch("flags")))
    return render(request, "forum/moderation_queue.html", _context(request, posts=posts))


@permission_required("forum.use_moderation_queue")
def moderation_log(request):
    rows = ModerationLog.objects.filter(access.moderated_q(request.user, "category__")).select_related(
        "category", "topic", "post", "actor"
    )
    page = _page(request, rows, 50)
    return render(request, "forum/moderation_log.html", _context(request, page=page))


@permission_required("forum.view_notifications")
def mentions(request):
    """Handles to suggest while typing @…: only people who may read the category (so no one outside a
    private category is ever offered, and no one learns who is inside it without being inside)."""
    category = object_or_404(request, "forum.view_category", Category, slug=request.GET.get("category", ""))
    prefix = request.GET.get("q", "").strip().lstrip("@").lower()[:40]
    found = []
    if len(prefix) >= 2:
        candidates = ForumProfile.objects.filter(handle__startswith=prefix, user__is_active=True).select_related("user")
        for profile in candidates.order_by("handle")[:30]:
            if access.can_read(profile.user, category):
                found.append({"handle": profile.handle, "name": str(profile.user.public_name)})
            if len(found) >= 8:
                break
    return JsonResponse({"results": found})
