"""Views of funders: the positively assessed proposals and their expressions of interest."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.forms import posted
from portal.permissions import object_or_404, permission_required, require

from .. import queries, services
from ..forms import InterestForm
from ..models import Proposal
from .common import proposals


@permission_required("projects.view_funder_list")
def funder_list(request):
    from django_countries import countries

    country = request.GET.get("country") or None
    if country and country not in countries:
        country = None
    year = request.GET.get("year") or None
    if year and not year.isdigit():
        year = None
    assessed = queries.funder_proposals(country=country, year=year)
    # The filter lists the countries by name in the page's language (django-countries sorts them so).
    context = {"proposals": assessed, "country": country, "year": year, "countries": list(countries)}
    return render(request, "projects/funder_list.html", context)


@login_required
def funder_proposal(request, pk):
    proposal = object_or_404(request, "projects.view_as_funder", proposals(), pk=pk)
    proposal = queries.with_review_aggregates(Proposal.objects.filter(pk=pk)).select_related("call").get()
    interest = proposal.funder_interests.filter(funder=request.user).first()
    form = InterestForm(posted(request))
    if request.method == "POST":
        require(request, "projects.express_interest", proposal)
        if form.is_valid():
            services.express_interest(proposal, by=request.user, **form.cleaned_data)
            messages.success(request, _("Thank you. The applicant and the secretariat were told of your interest."))
            return redirect("projects:funder_proposal", pk=proposal.pk)
    return render(
        request,
        "projects/funder_proposal.html",
        {
            "proposal": proposal,
            "budget_lines": proposal.budget_lines.all(),
            "form": form,
            "interest": interest,
            "can_express": request.user.has_perm("projects.express_interest", proposal),
            "budget_total": queries.budget_total(proposal),
        },
    )
