"""What an edition says in one language, whichever way it was written: a NewsletterPage composed in the
CMS (its translation in that locale, else the English page) or the edition's own translated fields and
Section rows. Reading only; the e-mail is rendered from this in rendering.render_content.

Below the models: it imports none (the CMS preview of a NewsletterPage renders through this module), it
reads the objects it is given; the section kinds come with their block (portal/blocks.py)."""

import re
from dataclasses import dataclass, field
from html import unescape

from django.conf import settings
from django.utils.html import linebreaks, strip_tags
from wagtail.rich_text import expand_db_html

from portal.blocks import NewsletterSectionBlock

DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class SectionContent:
    kind: str
    title: str
    html: str
    text: str
    theme: str = ""  # vocabulary code; empty: for everyone
    region: str = ""

    def matches(self, themes, regions):
        """A reader with no theme (or no region) chosen is interested in every theme (or region)."""
        if self.theme and themes and self.theme not in themes:
            return False
        if self.region and regions and self.region not in regions:
            return False
        return True


@dataclass
class Content:
    subject: str
    intro: str
    language: str  # the language the content is written in (English when the asked one is missing)
    sections: list = field(default_factory=list)

    def select(self, themes=(), regions=()):
        """Positions of the sections a reader with these interests gets (a hashable render key)."""
        themes, regions = set(themes), set(regions)
        return tuple(i for i, section in enumerate(self.sections) if section.matches(themes, regions))


def labelled(sections):
    """Sections with the translated name of their kind (none for "other"), for the templates."""
    kinds = dict(NewsletterSectionBlock.KINDS)
    return [{"section": s, "kind": kinds.get(s.kind) if s.kind != "other" else ""} for s in sections]


def absolutise_links(html):
    """Rich text links to the portal are relative; in a mailbox they must carry the site address."""
    base = settings.SITE_URL.rstrip("/")
    return re.sub(r'(href|src)="/(?!/)', lambda m: f'{m[1]}="{base}/', html)


def html_to_text(html):
    """The plain-text part of a rich text: paragraphs, list items and links kept readable."""

    def link(match):
        # Still escaped here (&amp;): the whole text is unescaped once, at the end.
        url, label = match[1], strip_tags(match[2]).strip()
        return label if not label or label == url else f"{label} ({url})"

    html = re.sub(r'<a\b[^>]*?href="([^"]*)"[^>]*>(.*?)</a>', link, html, flags=re.S | re.I)
    html = re.sub(r"<li\b[^>]*>", "\n- ", html, flags=re.I)
    html = re.sub(r"<br\s*/?>", "\n", html, flags=re.I)
    html = re.sub(r"</(p|h[1-6]|ul|ol|div|blockquote)>", "\n\n", html, flags=re.I)
    text = unescape(strip_tags(html))
    lines = [line.strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def page_in(page, language):
    """The page's published translation in ``language``; an alias (untranslated copy kept by
    wagtail-localize) or a missing or unpublished one falls back to the English page, then to ``page``
    (a NewsletterPage: its own class method lists the translations)."""
    candidates = {
        p.locale.language_code: p
        for p in page.published_translations(page.translation_key)
        .filter(locale__language_code__in={language, DEFAULT_LANGUAGE})
        .select_related("locale")
    }
    return candidates.get(language) or candidates.get(DEFAULT_LANGUAGE) or page


def from_page(page):
    """The content of exactly this page object (a live page, or a draft in the CMS preview)."""
    sections = []
    for block in page.sections:
        if block.block_type != "section":
            continue
        value = block.value
        html = absolutise_links(expand_db_html(value["body"].source))
        sections.append(
            SectionContent(
                kind=value.get("kind") or "other",
                title=value["title"],
                html=html,
                text=html_to_text(html),
                theme=value.get("theme") or "",
                region=value.get("region") or "",
            )
        )
    return Content(subject=page.subject, intro=page.intro, language=page.locale.language_code, sections=sections)


def from_edition_fields(edition, language):
    """An edition written in the Django admin: modeltranslation falls back field by field to English."""
    from django.utils import translation

    with translation.override(language):
        sections = [
            SectionContent(
                kind="other",
                title=section.title,
                html=linebreaks(section.body, autoescape=True),
                text=section.body,
                theme=section.theme.code if section.theme_id else "",
            )
            for section in edition.sections.select_related("theme")
        ]
        return Content(subject=edition.subject, intro=edition.intro, language=language, sections=sections)


def edition_content(edition, language):
    if edition.page_id is not None:
        return from_page(page_in(edition.page, language))
    return from_edition_fields(edition, language)
