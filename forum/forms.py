from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import attachments, conf
from .models import Flag, ForumProfile, Level


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def language_field():
    return forms.ChoiceField(
        label=_("Language of your post"),
        choices=[(code, name) for code, name in settings.LANGUAGES],
        help_text=_("Shown on the post, so that readers know which language it is in."),
    )


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        help_text=_(
            "Blank lines separate paragraphs; **bold**, *italic*, > quote, - list, and links work. "
            "Mention someone with @name."
        ),
    )
    language = language_field()
    files = MultipleFileField(
        label=_("Pictures or PDF (optional)"),
        required=False,
        help_text=_("JPEG, PNG, WebP or PDF, up to 5 MB each."),
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}),
    )

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        limit = conf.get("ATTACHMENTS_PER_POST")
        if len(files) > limit:
            raise ValidationError(_("At most %(n)s files per post.") % {"n": limit})
        return [attachments.check(f) for f in files]


class TopicForm(PostForm):
    title = forms.CharField(label=_("Title"), max_length=200, min_length=5)
    field_order = ["title", "body", "language", "files"]


class EditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, min_length=5, required=False)
    body = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000)


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why should moderators look at this post?"), choices=Flag.Reason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Note for the moderators (optional)"), max_length=500, required=False)


class LevelForm(forms.Form):
    level = forms.TypedChoiceField(label=_("Notifications"), choices=Level.choices, coerce=int)


class DigestForm(forms.Form):
    digest = forms.ChoiceField(label=_("E-mail about notifications"), choices=ForumProfile.Digest.choices)


class MoveForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Move to"), queryset=None)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
