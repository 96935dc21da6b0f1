"""What people type in the forum becomes safe HTML: a Markdown subset (paragraphs, emphasis, links,
lists, quotes, code; no raw HTML, no images: pictures are attachments), bare web addresses made links,
``@handle`` mentions marked, then everything sanitised by nh3 (Ammonia) whatever the steps before did."""

import re
from html import escape

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "br", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "hr", "span"}
MENTION = re.compile(r"(?<![\w@/.])@([a-z0-9][a-z0-9-]{1,38})", re.IGNORECASE)
URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)]", re.IGNORECASE)
_TAG = re.compile(r"(<[^>]+>)")

_markdown = MarkdownIt("commonmark", {"html": False, "breaks": True}).disable(
    ["image", "heading", "lheading", "html_block", "html_inline"]
)


def mentions(text):
    """The handles mentioned in ``text`` (lower case, in order, each once), code excluded."""
    text = re.sub(r"`[^`]*`", " ", text or "")
    seen = []
    for handle in MENTION.findall(text):
        handle = handle.lower()
        if handle not in seen:
            seen.append(handle)
    return seen


def links(text):
    """How many web addresses ``text`` holds (Markdown links and bare addresses)."""
    return len(URL.findall(text or ""))


def _text_nodes(html, replace):
    """Apply ``replace`` to the text outside tags, except inside <a>, <code> and <pre>."""
    out, skip = [], 0
    for piece in _TAG.split(html):
        if piece.startswith("<"):
            name = re.match(r"</?\s*([a-z]+)", piece)
            if name and name.group(1) in ("a", "code", "pre"):
                skip += -1 if piece.startswith("</") else 1
            out.append(piece)
        else:
            out.append(piece if skip else replace(piece))
    return "".join(out)


def render(text, known_handles=frozenset()):
    """The sanitised HTML of ``text``. Mentions of ``known_handles`` become a marked span."""
    html = _markdown.render(text or "")

    def enrich(piece):
        piece = URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', piece)
        return MENTION.sub(
            lambda m: (
                f'<span class="mention">@{escape(m.group(1))}</span>'
                if m.group(1).lower() in known_handles
                else m.group(0)
            ),
            piece,
        )

    html = _text_nodes(html, enrich)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        allowed_classes={"span": {"mention"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow ugc noopener noreferrer",
    )


def quote(body, handle):
    """The Markdown of a quotation of ``body`` by ``handle``, to start a reply with."""
    lines = [f"> {line}" if line.strip() else ">" for line in (body or "").strip().splitlines()]
    return "\n".join(lines + [f"> — @{handle}" if handle else ">", "", ""])
