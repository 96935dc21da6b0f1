from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def posted(request):
    """The data a view binds its form to: the POST on a POST (even an empty one), else None.

    ``request.POST or None`` leaves the form unbound when a post carries no field at all (an empty
    QueryDict is falsy): the page came back without a word of error (found by tests/test_fuzz_forms.py)."""
    return request.POST if request.method == "POST" else None


# What a decision page says to a post that names none of its buttons (or a decided object): it is shown
# again with this message, so that nobody believes something happened.
NOTHING_CHOSEN = _("Nothing was changed: choose one of the buttons on this page.")
ALREADY_DECIDED = _("This was already decided: nothing was changed.")


def posted_files(request):
    """The files that go with ``posted(request)``."""
    return request.FILES if request.method == "POST" else None


# The range of a 64-bit primary key, on every database.
_ID_RANGE = (-(2**63), 2**63 - 1)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, except that an id beyond 64 bits is an invalid choice like any other: Django's
    own lets it reach SQLite, which raises OverflowError (a 500; found by tests/test_fuzz_forms.py)."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        field = self.queryset.model._meta.pk if key == "pk" else self.queryset.model._meta.get_field(key)
        if isinstance(field, models.IntegerField | models.AutoField):
            for pk in value:
                try:
                    number = int(str(pk).strip())
                except ValueError:
                    continue  # Django's own check refuses it with its message
                if not _ID_RANGE[0] <= number <= _ID_RANGE[1]:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return super()._check_values(value)


class SignupExtraForm(forms.Form):
    """Fields the sign-up form adds to allauth's e-mail and password."""

    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)

    def signup(self, request, user):
        user.first_name = self.cleaned_data.get("first_name", "")
        user.last_name = self.cleaned_data.get("last_name", "")
        user.save(update_fields=["first_name", "last_name"])


class ContactForm(forms.Form):
    """A message to the secretariat. ``website`` is a trap field for robots (hidden from people)."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("Your e-mail address"))
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(label=_("Message"), widget=forms.Textarea, max_length=5000)
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Leave this field empty."))
        return ""


class EraseAccountForm(forms.Form):
    """The last step before an account is erased: the password (someone at an unattended screen cannot
    do it) and a ticked confirmation."""

    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    confirm = forms.BooleanField(label=_("I understand that my account is erased for good and cannot be restored."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password


class StaffEraseForm(forms.Form):
    """The secretariat's confirmation of an erasure (Django admin action on accounts)."""

    confirm = forms.BooleanField(label=_("Erase these accounts for good: the people are told by e-mail."))
