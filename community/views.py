"""Views of the community app (thin: forms, queries and services do the work)."""

from allauth.account.internal import flows
from allauth.account.views import SignupView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partners.models import Initiative, MembershipApplication, Organisation
from portal import spaces
from portal.choices import College
from portal.forms import posted
from portal.models import Region, SentMail, User
from portal.permissions import object_or_404, permission_required, require

from . import queries, services
from .forms import ContactForm, DirectoryFilterForm, FriendSignupForm, ProfileForm
from .models import Profile

PAGE_SIZE = 30
SPACE_LIST = 30  # people, partners, initiatives shown on a space before "all of them"


# --- Joining the Friends ----------------------------------------------------------------------------


class FriendSignupView(SignupView):
    """allauth's sign-up with the profile beside it: one form, one click, then the verification mail."""

    template_name = "community/join.html"
    form_class = FriendSignupForm

    def get_form_class(self):
        return self.form_class

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["profile_form"] = getattr(self, "profile_form", None) or ProfileForm(prefix="profile")
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        self.profile_form = ProfileForm(request.POST, prefix="profile")
        account_ok = form.is_valid()
        if self.profile_form.is_valid() and account_ok:
            return self.form_valid(form)
        return self.form_invalid(form)

    def form_valid(self, form):
        with transaction.atomic():
            self.user, response = form.try_save(self.request)
            if response:  # the address already has an account: allauth mails its owner, says nothing here
                return response
            services.join_friends(self.user, by=self.user, **self.profile_form.profile_data)
        return flows.signup.complete_signup(
            self.request, user=self.user, redirect_url=self.get_success_url(), by_passkey=form.by_passkey
        )


@require_http_methods(["GET", "POST"])
def join(request):
    """/friends/join/: a visitor creates an account and a profile at once; a signed-in person becomes a
    Friend with the profile alone; a Friend with a profile goes to it."""
    require(request, "community.join")
    if not request.user.is_authenticated:
        return FriendSignupView.as_view()(request)
    if hasattr(request.user, "community_profile"):
        return redirect("community:profile", pk=request.user.pk)
    form = ProfileForm(posted(request), prefix="profile", user=request.user)
    if request.method == "POST" and form.is_valid():
        services.join_friends(request.user, by=request.user, **form.profile_data)
        messages.success(request, _("Welcome among the Friends of the 4 per 1000."))
        return redirect("community:profile", pk=request.user.pk)
    return render(request, "community/join.html", {"profile_form": form})


# --- Profiles -----------------------------------------------------------------------------------------


@permission_required("community.edit_profile")
@require_http_methods(["GET", "POST"])
def edit_profile(request):
    profile = request.user.community_profile
    form = ProfileForm(posted(request), prefix="profile", instance=profile, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_profile(request.user, by=request.user, **form.profile_data)
        messages.success(request, _("Your profile is saved."))
        return redirect("community:profile", pk=request.user.pk)
    return render(request, "community/edit_profile.html", {"profile_form": form, "profile": profile})


@permission_required("community.edit_profile")
@require_http_methods(["GET", "POST"])
def delete_profile(request):
    profile = request.user.community_profile
    if request.method == "POST":
        services.delete_profile(profile, by=request.user)
        messages.success(request, _("Your profile is deleted. Your account stays."))
        return redirect("portal:dashboard")
    return render(request, "community/delete_profile.html", {"profile": profile})


def profile(request, pk):
    """A member's profile: a 404 for visitors (profiles do not exist outside the membership)."""
    require(request, "community.view_profile")
    profile = get_object_or_404(queries.profiles(), user_id=pk)
    return render(
        request,
        "community/profile.html",
        {
            "profile": profile,
            "person": profile.user,
            "own": profile.user_id == request.user.pk,
            "organisations": queries.organisations_of(profile.user),
            "can_contact": request.user.has_perm("community.contact_member", profile),
        },
    )


@permission_required("community.view_directory")
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    page = Paginator(queries.directory(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "community/directory.html",
        {
            "form": form,
            "page": page,
            "profiles": page.object_list,
            "query": query.urlencode(),
            "has_profile": hasattr(request.user, "community_profile"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact(request, pk):
    """Write to a member through the portal; their address is never shown, the answer comes by mail."""
    profile = object_or_404(request, "community.contact_member", Profile.objects.select_related("user"), user_id=pk)
    form = ContactForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.send_member_message(profile, by=request.user, message=form.cleaned_data["message"])
        except services.RateLimited:
            form.add_error(None, _("You have sent many messages in the last hour. Please try again later."))
        else:
            messages.success(request, _("Your message was sent to %(name)s.") % {"name": profile.user.public_name})
            return redirect(profile)
    return render(request, "community/contact.html", {"profile": profile, "form": form})


# --- College and region spaces ----------------------------------------------------------------------------


def college_space(request, code):
    """A college's private space: its members and the secretariat only; a 404 for everyone else,
    visitors included (the space of a college one is not in does not exist for them)."""
    labels = dict(College.choices)
    if code not in labels:
        raise Http404
    space = require(request, "community.view_college_space", spaces.Space(spaces.COLLEGE, code, labels[code]))
    members = list(queries.college_members(code)[: SPACE_LIST + 1])
    return render(
        request,
        "community/college_space.html",
        {
            "space": space,
            "members": members[:SPACE_LIST],
            "more_members": len(members) > SPACE_LIST,
            "panels": spaces.panels(space, request.user),
        },
    )


def region_space(request, code):
    """A world region: its correspondents (names only), partners, initiatives, events; its members for
    signed-in people; the region's requests for its correspondents; the panels other apps add."""
    region = get_object_or_404(Region, code=code)
    space = require(request, "community.view_region_space", spaces.Space(spaces.REGION, code, region.label, region))
    organisations = Organisation.objects.filter(published=True, region=region).order_by("name")
    context = {
        "space": space,
        "region": region,
        "correspondents": list(
            User.objects.filter(correspondent_regions__region=region, is_active=True).order_by("last_name", "pk")
        ),
        "organisations": list(organisations[:SPACE_LIST]),
        "organisation_count": organisations.count(),
        "initiatives": list(Initiative.objects.filter(published=True, regions=region).order_by("title")[:SPACE_LIST]),
        "events": list(queries.upcoming_events(get_language(), timezone.now(), region=region)[:10]),
        "panels": spaces.panels(space, request.user),
    }
    if request.user.has_perm("community.view_region_members", space):
        members = list(queries.region_members(region)[: SPACE_LIST + 1])
        context.update(members=members[:SPACE_LIST], more_members=len(members) > SPACE_LIST, show_members=True)
    if request.user.has_perm("community.view_region_requests", space):
        context["applications"] = list(
            MembershipApplication.objects.filter(region=region, state=MembershipApplication.State.SUBMITTED)
            .select_related("applicant")
            .order_by("-created")[:SPACE_LIST]
        )
        # The contact requests of the region's partners the correspondent received in copy (partners.services).
        context["contact_copies"] = list(
            SentMail.objects.filter(key__startswith="partners:contact:", key__endswith=f":copy:{request.user.pk}")
            .only("subject", "queued_at", "payload")
            .order_by("-queued_at")[:SPACE_LIST]
        )
        context["show_requests"] = True
    return render(request, "community/region_space.html", context)


def old_region_page(request, code):
    """The region page used to live under /partners/regions/<code>/: moved for good."""
    require(request, "community.view_region_space")
    return redirect(reverse("community:region", kwargs={"code": code}), permanent=True)
