from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from portal.geo import parse_geojson_4326

from .models import (
    MAX_DOCUMENT_BYTES,
    Assignment,
    FunderInterest,
    Proposal,
    ProposalMember,
    Review,
    SelfAssessment,
)


class SelfAssessmentForm(forms.Form):
    """One choice per self-assessment criterion of the call, labelled with its levels."""

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = []
        for group in call.criterion_groups.all():
            for criterion in group.criteria.all():
                if criterion.use == criterion.Use.STC:
                    continue
                self.criteria.append(criterion)
                self.fields[criterion.code] = forms.TypedChoiceField(
                    label=criterion.name,
                    help_text=criterion.guidance,
                    choices=criterion.levels,
                    coerce=int,
                    widget=forms.RadioSelect,
                )

    def answers(self):
        return {code: value for code, value in self.cleaned_data.items()}


class ProposalForm(forms.ModelForm):
    class Meta:
        model = Proposal
        fields = [
            "organisation",
            "title",
            "summary",
            "country",
            "language",
            "duration_months",
            "expected_soc_outcome",
            "mrv_plan",
            "requested_amount",
            "co_funding",
            "practices",
            "self_assessment",
            "consent",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "expected_soc_outcome": forms.Textarea(attrs={"rows": 3}),
            "mrv_plan": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "language": _("The STC assigns reviewers who read this language."),
            "consent": _("I declare that the information given is accurate and I agree to its review by the STC."),
        }

    location_geojson = forms.CharField(
        label=_("Location (GeoJSON point, longitude and latitude)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_('For example {"type": "Point", "coordinates": [-72.5, -13.5]}'),
    )

    # Fields only the owner fills: their own saved self-assessment and the declaration they make by
    # submitting. A co-applicant's form leaves both as the owner set them.
    OWNER_ONLY = ("self_assessment", "consent")

    def __init__(self, *args, owner, co_applicant=False, **kwargs):
        super().__init__(*args, **kwargs)
        from practices.models import Practice

        if co_applicant:
            for name in self.OWNER_ONLY:
                del self.fields[name]
        self.fields["practices"].queryset = Practice.objects.filter(published=True).order_by("name")
        self.fields["practices"].required = False
        self.owner = owner
        if self.instance.pk is None and not self.is_bound:
            self.initial["language"] = owner.language
        self.fields["language"].required = False
        if self.instance.location is not None:
            self.fields["location_geojson"].initial = self.instance.location.geojson
        # Only the applicant's own saved self-assessments of this call can be attached.
        field = self.fields.get("self_assessment")
        if field is None:
            return
        field.queryset = SelfAssessment.objects.filter(owner=owner, call_id=self.instance.call_id)
        field.label_from_instance = lambda saved: f"{saved.created_at:%Y-%m-%d %H:%M} · {saved.result} %"

    def clean_location_geojson(self):
        value = (self.cleaned_data.get("location_geojson") or "").strip()
        return parse_geojson_4326(value, allowed_types={"Point"}) if value else None

    def save(self, commit=True):
        self.instance.location = self.cleaned_data.get("location_geojson")
        return super().save(commit=commit)

    def clean_language(self):
        # A form sent without the field (an older page, a script) keeps the language it had.
        kept = self.instance.language if self.instance.pk else self.owner.language
        return self.cleaned_data.get("language") or kept

    def clean_requested_amount(self):
        value = self.cleaned_data["requested_amount"]
        if value is not None and value < 0:
            raise forms.ValidationError(_("Enter an amount of zero or more."))
        return value

    def clean_co_funding(self):
        value = self.cleaned_data["co_funding"]
        if value is not None and value < 0:
            raise forms.ValidationError(_("Enter an amount of zero or more."))
        return value if value is not None else Decimal("0")


class BudgetLineForm(forms.Form):
    label = forms.CharField(
        label=_("Budget item"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"aria-label": _("Budget item")}),
    )
    amount = forms.DecimalField(
        label=_("Amount"),
        max_digits=12,
        decimal_places=2,
        required=False,
        validators=[MinValueValidator(0)],
        widget=forms.NumberInput(attrs={"aria-label": _("Amount"), "step": "0.01"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("label") and data.get("amount") is None:
            self.add_error("amount", _("Enter the amount of this budget item."))
        if data.get("amount") is not None and not data.get("label"):
            self.add_error("label", _("Say what this amount is for."))
        return data


# Two empty lines without JavaScript; static/js/budget_lines.js adds more ("Add a line") from the
# formset's empty form, raising TOTAL_FORMS. A count past max_num is refused, not silently cut.
MAX_BUDGET_LINES = 50
BudgetLineFormSet = forms.formset_factory(BudgetLineForm, extra=2, max_num=MAX_BUDGET_LINES, validate_max=True)


def budget_lines_of(formset):
    return [
        (form.cleaned_data["label"], form.cleaned_data["amount"])
        for form in formset.forms
        if form.cleaned_data.get("label") and form.cleaned_data.get("amount") is not None
    ]


class ReviewForm(forms.Form):
    """A score and comment per STC criterion, then the overall recommendation and comments."""

    recommendation = forms.ChoiceField(label=_("Recommendation"), choices=Review.Recommendation.choices, required=False)
    confidence = forms.TypedChoiceField(
        label=_("Confidence (1 low – 5 high)"),
        choices=[("", "—")] + [(n, str(n)) for n in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    confidential_comment = forms.CharField(
        label=_("Confidential comment to the STC"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    feedback = forms.CharField(
        label=_("Feedback to the applicant"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                help_text=criterion.guidance,
                choices=[("", "—")] + criterion.levels,
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on %(criterion)s") % {"criterion": criterion.name},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )

    def criterion_rows(self):
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def scores(self):
        return {
            c: (self.cleaned_data.get(f"score_{c.pk}"), self.cleaned_data.get(f"comment_{c.pk}", ""))
            for c in self.criteria
        }

    def review_fields(self):
        return {
            name: self.cleaned_data[name]
            for name in ("recommendation", "confidence", "confidential_comment", "feedback")
        }


class ConflictForm(forms.Form):
    conflict = forms.ChoiceField(
        choices=[(Assignment.Conflict.NO, _("No conflict")), (Assignment.Conflict.YES, _("I have a conflict"))]
    )


class ReviewLanguagesForm(forms.Form):
    languages = forms.MultipleChoiceField(
        label=_("Languages I review proposals in"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one language.")},
    )


class AssignForm(forms.Form):
    proposal = forms.IntegerField()
    reviewer = forms.IntegerField()


class AutoAssignForm(forms.Form):
    per_proposal = forms.IntegerField(label=_("Reviewers per proposal"), min_value=1, max_value=10, initial=2)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(Proposal.Decision.POSITIVE, _("positive")), (Proposal.Decision.NEGATIVE, _("negative"))],
    )
    feedback = forms.CharField(label=_("Feedback to the applicant"), widget=forms.Textarea(attrs={"rows": 2}))


class InterestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Your interest"), choices=FunderInterest.Kind.choices)
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Document title"), max_length=200)
    file = forms.FileField(label=_("PDF file (10 MB at most)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        upload.seek(0)
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("This file is not a PDF."))
        return upload


class DraftDocumentForm(DocumentForm):
    """The document part of the form of a proposal not saved yet: optional; the draft is saved first,
    then the document attached to it. Without a title the file's name is used."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["file"].required = False

    def clean_file(self):
        if not self.cleaned_data.get("file"):
            return None
        return super().clean_file()

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload and not data.get("title"):
            data["title"] = (upload.name.rsplit("/", 1)[-1].rsplit(".", 1)[0] or upload.name)[:200]
        if data.get("title") and not upload and "file" not in self.errors:
            self.add_error("file", _("Choose the PDF file to attach."))
        return data

    def upload(self):
        """(title, file) to attach, or None."""
        if self.cleaned_data.get("file"):
            return self.cleaned_data["title"], self.cleaned_data["file"]
        return None


class MemberInviteForm(forms.Form):
    email = forms.EmailField(label=_("Co-applicant's e-mail address"), max_length=254)
    access = forms.ChoiceField(
        label=_("Access"), choices=ProposalMember.Access.choices, initial=ProposalMember.Access.READ
    )


class DraftInviteForm(MemberInviteForm):
    """The co-applicant part of the form of a proposal not saved yet: optional; the draft is saved
    first, then the invitation sent."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = False
        self.fields["access"].required = False

    def invitation(self):
        email = self.cleaned_data.get("email")
        access = self.cleaned_data.get("access") or ProposalMember.Access.READ
        return {"email": email, "access": access} if email else None


class MemberAccessForm(forms.Form):
    access = forms.ChoiceField(label=_("Access"), choices=ProposalMember.Access.choices)
