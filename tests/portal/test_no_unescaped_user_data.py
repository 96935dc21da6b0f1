"""Nothing a user typed reaches a page unescaped: every `|safe`, `mark_safe`, `{% autoescape off %}`
and rich-text filter in the project is listed here with the reason it is safe, and rich text is only
ever written by staff in the CMS (a rich-text field written by users must be sanitised with nh3)."""

import re
from pathlib import Path

from django.apps import apps
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["portal", "partners", "practices", "projects", "newsletter", "community", "forum", "templates"]
UNESCAPED = re.compile(
    r"\|\s*safe(?:seq)?\b|\bmark_safe\s*\(|\bSafeString\s*\(|\bSafeText\s*\(|\{%\s*autoescape\s+off\s*%\}|\|\s*richtext\b"
)

WAGTAIL_RICH_TEXT = (
    "Wagtail rich text, written in the CMS by the secretariat only; Wagtail's editor stores only the "
    "elements it allows"
)
# (file, the text matched): why it cannot carry a user's markup.
ALLOWED = {
    ("templates/blocks/paragraph.html", "|richtext"): WAGTAIL_RICH_TEXT + " (page paragraphs).",
    ("templates/blocks/newsletter_section.html", "|richtext"): WAGTAIL_RICH_TEXT + " (newsletter sections).",
    ("templates/portal/news_page.html", "|richtext"): WAGTAIL_RICH_TEXT + " (news body).",
    ("templates/blocks/governing_body.html", "|richtext"): WAGTAIL_RICH_TEXT + " (about page: governing bodies).",
    ("portal/widgets.py", "mark_safe("): (
        "LongSelect writes a <select> of 250 options in Python (docs/scale.md): the name, every attribute "
        "(flatatt), value and label pass through escape() before the markup is marked safe."
    ),
    ("portal/templatetags/cms_tags.py", "mark_safe("): (
        "schema.org JSON-LD of an event: json.dumps of the page's fields with json_script's escapes of <, > and &, "
        "inside a non-executable <script type=\"application/ld+json\">; nothing in it can close the element."
    ),
    ("newsletter/templates/newsletter/archive_detail.html", "|safe"): (
        "A newsletter section's HTML (newsletter/content.py): Wagtail rich text written by the secretariat, "
        "or a section typed in the admin, escaped by linebreaks(autoescape=True)."
    ),
    ("newsletter/templates/newsletter/email/edition.html", "|safe"): (
        "The same section HTML as the archive, in the e-mail."
    ),
    ("forum/templates/forum/_post.html", "|safe"): (
        "Post.html, made only by forum.formatting.render: Markdown without raw HTML, then nh3 (Ammonia) "
        "keeps a short list of tags, href with http/https/mailto only (tests/forum/test_formatting.py)."
    ),
}
# Plain-text mail templates render text, never HTML: escaping would turn "Sols d'Afrique" into
# "Sols d&#x27;Afrique" in the mailbox.
PLAIN_TEXT_RULE = (".txt", "{% autoescape off %}")


def _occurrences():
    for top in SOURCES:
        for path in (ROOT / top).rglob("*"):
            if path.suffix not in (".py", ".html", ".txt") or "migrations" in path.parts or not path.is_file():
                continue
            text = path.read_text(errors="replace")
            for match in UNESCAPED.finditer(text):
                snippet = re.sub(r"\s+", "", match.group(0)).replace("{%autoescapeoff%}", "{% autoescape off %}")
                yield str(path.relative_to(ROOT)), snippet


def test_every_unescaped_output_has_a_reason():
    found = list(_occurrences())
    unexplained = [
        f"{path}: {snippet}"
        for path, snippet in found
        if (path, snippet) not in ALLOWED and not (path.endswith(PLAIN_TEXT_RULE[0]) and snippet == PLAIN_TEXT_RULE[1])
    ]
    assert unexplained == [], "Explain or remove (this file's ALLOWED): " + "; ".join(unexplained)
    stale = set(ALLOWED) - set(found)
    assert stale == set()
    assert any(path.endswith(".txt") for path, _s in found)  # the walk reads the mail templates too


def _rich_text_in(block):
    if isinstance(block, blocks.RichTextBlock):
        return True
    children = getattr(block, "child_blocks", None) or {}
    if isinstance(block, blocks.ListBlock):
        children = {"item": block.child_block}
    return any(_rich_text_in(child) for child in children.values())


def test_rich_text_is_only_written_by_staff_in_the_cms():
    """Users write plain text (escaped by the templates, linebreaks included). Rich text lives only on
    Wagtail pages, which only CMS editors change; a model of users' rich text (a forum post) fails here
    until it is sanitised with nh3 and listed."""
    holders = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, RichTextField) or (
                isinstance(field, StreamField) and _rich_text_in(field.stream_block)
            ):
                holders.append((model, field.name))
    assert holders, "the walk finds the CMS's rich text"
    outside_the_cms = [f"{m._meta.label}.{name}" for m, name in holders if not issubclass(m, Page)]
    assert outside_the_cms == []
