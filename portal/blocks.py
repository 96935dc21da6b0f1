"""The StreamField blocks of the CMS pages, each with its template under templates/blocks/.

Pages render them with ``{% include_block %}``. Migrations freeze a StructBlock or StreamBlock as its
children, not as a path to these classes, so moving or renaming a class here needs no migration;
changing a child block does.
"""

from django.apps import apps
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

# --- Site pages (home and standard pages) ----------------------------------------------------------


class KeyFigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("value"), max_length=20)
    label = blocks.CharBlock(label=_("label"), max_length=120)

    class Meta:
        icon = "pick"
        template = "blocks/key_figure.html"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=120)
    text = blocks.TextBlock(label=_("text"), required=False)
    link_page = blocks.PageChooserBlock(label=_("page"), required=False)
    link_url = blocks.CharBlock(label=_("or address"), required=False, max_length=300)

    class Meta:
        icon = "link"
        template = "blocks/call_to_action.html"


class ImageBlock(blocks.StructBlock):
    """An image shown as responsive renditions (srcset), never wider than its column."""

    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), max_length=250, required=False)
    credit = blocks.CharBlock(label=_("credit"), max_length=120, required=False)
    alt = blocks.CharBlock(
        label=_("text alternative"), max_length=250, required=False, help_text=_("For readers who cannot see it.")
    )

    class Meta:
        icon = "image"
        template = "blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quotation"))
    author = blocks.CharBlock(label=_("who said it"), max_length=150, required=False)
    role = blocks.CharBlock(label=_("role or organisation"), max_length=200, required=False)

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"


class MapBlock(blocks.StructBlock):
    """A map of the partners or of the practices, drawn by static/js/map_block.js from the public
    GeoJSON once the reader opens it."""

    LAYERS = [("partners", _("Partners")), ("practices", _("Practices"))]

    layer = blocks.ChoiceBlock(label=_("what the map shows"), choices=LAYERS, default="partners")
    title = blocks.CharBlock(label=_("title"), max_length=120, required=False)

    class Meta:
        icon = "site"
        template = "blocks/map.html"


class DocumentListBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=120, required=False)
    documents = blocks.ListBlock(
        blocks.StructBlock(
            [
                ("document", DocumentChooserBlock(label=_("document"))),
                ("title", blocks.CharBlock(label=_("title shown"), max_length=200, required=False)),
            ],
            label=_("document"),
        ),
        label=_("documents"),
    )

    class Meta:
        icon = "doc-full"
        label = _("document list")
        template = "blocks/document_list.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("video address"), help_text=_("A YouTube, Vimeo or similar address."))
    caption = blocks.CharBlock(label=_("caption"), max_length=250, required=False)

    class Meta:
        icon = "media"
        template = "blocks/video.html"


class PressContactBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("name"), max_length=150)
    role = blocks.CharBlock(label=_("role"), max_length=150, required=False)
    email = blocks.EmailBlock(label=_("e-mail address"), required=False)
    phone = blocks.CharBlock(label=_("telephone"), max_length=40, required=False)
    languages = blocks.CharBlock(label=_("languages spoken"), max_length=100, required=False)

    class Meta:
        icon = "user"
        label = _("press contact")
        template = "blocks/press_contact.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("heading"), form_classname="title", template="blocks/heading.html")
    paragraph = blocks.RichTextBlock(label=_("paragraph"), template="blocks/paragraph.html")
    image = ImageBlock(label=_("image"))
    quote = QuoteBlock(label=_("quotation"))
    key_figures = blocks.ListBlock(KeyFigureBlock(), label=_("key figures"), template="blocks/key_figures.html")
    call_to_action = CallToActionBlock(label=_("call to action"))
    map = MapBlock(label=_("map"))
    documents = DocumentListBlock(label=_("document list"))
    video = VideoBlock(label=_("video"))


# --- Newsletter pages -------------------------------------------------------------------------------


# Read when a form is built. portal.models imports this module, so the vocabularies are looked up
# through the app registry rather than imported. Migrations name these functions: keep their names.
def theme_choices():
    return [(theme.code, theme.label) for theme in apps.get_model("portal", "Theme").objects.all()]


def region_choices():
    return [(region.code, region.label) for region in apps.get_model("portal", "Region").objects.all()]


class NewsletterSectionBlock(blocks.StructBlock):
    """One section of a newsletter. Theme and region are codes of the vocabularies, so they stay the same
    in every translation (wagtail-localize synchronises choice values and translates the text)."""

    KINDS = [
        ("success_story", _("Success story")),
        ("key_figures", _("Key figures")),
        ("practical_sheet", _("Practical sheet")),
        ("regions", _("News from the regions")),
        ("press_review", _("Press review")),
        ("agenda", _("Agenda")),
        ("other", _("Other")),
    ]

    kind = blocks.ChoiceBlock(label=_("kind of section"), choices=KINDS, default="other")
    title = blocks.CharBlock(label=_("title"), max_length=200)
    body = blocks.RichTextBlock(
        label=_("text"),
        features=["bold", "italic", "link", "ol", "ul", "h3"],
        help_text=_("Links work in e-mails too."),
    )
    theme = blocks.ChoiceBlock(
        label=_("theme"), choices=theme_choices, required=False, help_text=_("Only for readers of this theme.")
    )
    region = blocks.ChoiceBlock(
        label=_("region"), choices=region_choices, required=False, help_text=_("Only for readers of this region.")
    )

    class Meta:
        icon = "doc-full"
        template = "blocks/newsletter_section.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["kind"] = dict(self.KINDS).get(value.get("kind")) if value.get("kind") != "other" else ""
        return context


class NewsletterSectionsBlock(blocks.StreamBlock):
    section = NewsletterSectionBlock(label=_("section"))
