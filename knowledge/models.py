"""The knowledge bank: a subtree of pages per language that members write together (docs/knowledge.md).

    Home ── Knowledge bank (KnowledgeIndexPage, /<lang>/knowledge/) ── Knowledge page (KnowledgePage)

A knowledge page is public or filed under a membership scope (portal.membership): a page of the farmers'
college is read by that college and the secretariat only, a 404 for everyone else (``serve``), and left
out of every list (``knowledge.access.readable_q``). Members write in the restricted Wagtail admin; the
"Knowledge review" workflow (``KnowledgeReviewTask``) has the secretariat, or the moderators of the page's
college, approve what they submit."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import AbstractGroupApprovalTask, Page, TaskState
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from portal import localisation
from portal.blocks import BodyBlock
from portal.choices import College
from portal.membership import FRIEND, MEMBER
from portal.models import Theme
from portal.pages import TaxonomyMixin

from . import access


def scope_choices():
    return [
        (access.PUBLIC, _("Everybody (public)")),
        (MEMBER, _("Signed-in members")),
        (FRIEND, _("Friends of the 4 per 1000")),
    ] + [(f"college:{code}", _("College: %(college)s") % {"college": label}) for code, label in College.choices]


SCOPES = [value for value, _label in scope_choices()]
PAGE_SIZE = 30
SEARCH_CANDIDATES = 200


def bank_pages(index_page, user, *, query="", theme=None):
    """The listed knowledge pages under ``index_page`` that ``user`` may read, newest first, matching the
    search ``query`` (Wagtail's search backend, like the site search) and the ``theme``; two queries for
    the list whatever its length (pages, then their themes)."""
    pages = localisation.listed(KnowledgePage.objects.child_of(index_page), private=True).filter(
        access.readable_q(user)
    )
    if theme is not None:
        pages = pages.filter(themes=theme)
    if query:
        matches = KnowledgePage.objects.live().child_of(index_page).search(query)[:SEARCH_CANDIDATES]
        pages = pages.filter(pk__in=[page.pk for page in matches])
    return pages.prefetch_related(Prefetch("themes", Theme.objects.order_by("position", "code"))).order_by(
        "-last_published_at", "-pk"
    )


class KnowledgeIndexPage(Page):
    """The knowledge bank of one language: lists the pages its reader may see, with a search and a
    theme filter."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["knowledge.KnowledgePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("knowledge bank")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        query = request.GET.get("q", "").strip()[:200]
        theme = Theme.objects.filter(code=request.GET.get("theme", "")).first()
        pages = bank_pages(self, request.user, query=query, theme=theme)
        context["bank"] = Paginator(pages, PAGE_SIZE).get_page(request.GET.get("page"))
        context["query"] = query
        context["theme"] = theme
        context["themes"] = Theme.objects.order_by("position", "code")
        context["pagination_query"] = urlencode(
            {name: value for name, value in (("q", query), ("theme", theme.code if theme else "")) if value}
        )
        return context


class KnowledgePage(TaxonomyMixin, Page):  # noqa: DJ008 - Page.__str__ (the title)
    summary = models.TextField(_("summary"), max_length=400)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    scope = models.CharField(
        _("who reads it"),
        max_length=40,
        blank=True,
        default=access.PUBLIC,
        choices=scope_choices,
        help_text=_("A page of a college is read by that college's members and the secretariat only."),
    )

    content_panels = (
        Page.content_panels
        + [FieldPanel("scope"), FieldPanel("summary"), FieldPanel("body")]
        + TaxonomyMixin.taxonomy_panels
    )
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("scope"),
    ]
    # Who reads a page is the same in every language: translators never see the scope, translations
    # copy it from the source.
    override_translatable_fields = [SynchronizedField("scope")]
    parent_page_types = ["knowledge.KnowledgeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("knowledge page")
        verbose_name_plural = _("knowledge pages")
        constraints = [
            models.CheckConstraint(condition=models.Q(scope__in=SCOPES), name="knowledge_page_scope_known"),
        ]

    def permissions_for_user(self, user):
        """Wagtail's rights on the page, none at all for a writer outside its scope: the admin's editor,
        revisions, compare view, history, copy, move and delete all ask this."""
        tester = super().permissions_for_user(user)
        if user.is_active and not user.is_superuser and not access.can_read(user, self):
            tester.permissions = set()
        return tester

    def serve(self, request, *args, **kwargs):
        if not access.can_read(request.user, self):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        user = request.user
        context["can_edit"] = user.is_authenticated and self.permissions_for_user(user).can_edit()
        context["can_see_history"] = user.is_authenticated and user.has_perm("knowledge.view_history", self)
        context["is_alias"] = localisation.is_alias(self)
        return context

    @property
    def college(self):
        return access.college_of(self.scope)


class CollegeModerator(models.Model):
    """A member who approves the knowledge pages of one college (beside the secretariat), named by the
    secretariat in the Django admin."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    college = models.CharField(_("college"), max_length=20, choices=College.choices)

    class Meta:
        verbose_name = _("knowledge moderator of a college")
        verbose_name_plural = _("knowledge moderators of colleges")
        constraints = [models.UniqueConstraint(fields=["user", "college"], name="knowledge_moderator_once")]

    def __str__(self):
        return f"{self.user} ({self.get_college_display()})"


def _scopes_of(obj):
    """The scopes a page has now and in its latest revision (what approval would publish): both must be the
    moderator's college."""
    page = obj.specific if isinstance(obj, Page) else obj
    found = {getattr(page, "scope", None)}
    latest = page.get_latest_revision_as_object() if hasattr(page, "get_latest_revision_as_object") else page
    found.add(getattr(latest, "scope", None))
    return found


class KnowledgeReviewTask(AbstractGroupApprovalTask):
    """Approved by its groups (the secretariat) on every knowledge page, and by the moderators of a college
    (``CollegeModerator``) on the pages of that college."""

    class Meta:
        verbose_name = _("knowledge review task")
        verbose_name_plural = _("knowledge review tasks")

    @staticmethod
    def moderated_colleges(user):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return set()
        cached = getattr(user, "_knowledge_moderated", None)
        if cached is None:
            cached = set(CollegeModerator.objects.filter(user=user).values_list("college", flat=True))
            user._knowledge_moderated = cached
        return cached

    def user_moderates(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            return True
        colleges = self.moderated_colleges(user)
        if not colleges:
            return False
        scopes = _scopes_of(obj)
        return all(access.college_of(scope) in colleges for scope in scopes)

    def user_can_access_editor(self, obj, user):
        return self.user_moderates(obj, user)

    def locked_for_user(self, obj, user):
        return not self.user_moderates(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_moderates(obj, user)

    def get_actions(self, obj, user):
        if self.user_moderates(obj, user):
            return [
                ("reject", _("Request changes"), True),
                ("approve", _("Approve"), False),
                ("approve", _("Approve with comment"), True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if user.is_superuser or self._user_in_groups(user):
            return self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        colleges = self.moderated_colleges(user)
        if not colleges:
            return TaskState.objects.none()
        pages = KnowledgePage.objects.filter(scope__in=[f"college:{code}" for code in colleges])
        return self.task_states.filter(
            status=TaskState.STATUS_IN_PROGRESS,
            workflow_state__object_id__in=[str(pk) for pk in pages.values_list("pk", flat=True)],
        )

    @classmethod
    def get_description(cls):
        return _("The chosen groups approve every knowledge page; a college's moderators approve its pages.")
