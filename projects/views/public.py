"""Views for everybody: the calls, a call's page and the self-assessment."""

from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import gettext as _

from portal.forms import posted
from portal.permissions import object_or_404, permission_required

from .. import queries, services
from ..forms import SelfAssessmentForm


@permission_required("projects.view_calls")
def call_list(request):
    return render(request, "projects/call_list.html", {"calls": queries.calls()})


def call_detail(request, year):
    call = object_or_404(request, "projects.view_calls", queries.call_with_criteria(year))
    return render(request, "projects/call_detail.html", {"call": call})


def self_assessment(request, year):
    """Anyone may self-assess; a signed-in person may also save the result to their account."""
    call = object_or_404(request, "projects.self_assess", queries.call_with_criteria(year))
    result = None
    form = SelfAssessmentForm(posted(request), call=call)
    if request.method == "POST" and form.is_valid():
        answers = form.answers()
        result = services.assess(call, answers)
        if "save" in request.POST:
            if not request.user.has_perm("projects.save_self_assessment", call):
                messages.error(request, _("Sign in to save your self-assessment."))
            else:
                services.save_self_assessment(call, answers, by=request.user)
                messages.success(request, _("Your self-assessment was saved to your account."))
    return render(request, "projects/self_assessment.html", {"call": call, "form": form, "result": result})
