"""The StreamField blocks of portal/blocks.py render through their own templates (templates/blocks/)."""

from portal.blocks import BodyBlock, NewsletterSectionBlock


def test_home_page_body_renders_each_block_with_its_template(cms_pages, client):
    html = client.get("/en/").content.decode()
    assert '<section class="key-figures"' in html and '<strong class="figure">' in html
    assert '<section class="cta">' in html


def test_body_stream_renders_heading_paragraph_and_call_to_action():
    block = BodyBlock()
    value = block.to_python(
        [
            {"type": "heading", "value": "Soils first"},
            {"type": "paragraph", "value": "<p>Carbon in the ground.</p>"},
            {"type": "call_to_action", "value": {"title": "Join us", "text": "", "link_url": "/en/friends/join/"}},
        ]
    )
    html = block.render(value)
    assert "<h2>Soils first</h2>" in html
    assert '<div class="rich-text"><p>Carbon in the ground.</p></div>' in html
    assert '<a class="button" href="/en/friends/join/">Join us</a>' in html


def test_newsletter_section_shows_its_kind_title_and_text():
    block = NewsletterSectionBlock()
    story = block.to_python(
        {"kind": "success_story", "title": "Cover crops in Senegal", "body": "<p>Twice the carbon.</p>"}
    )
    html = block.render(story)
    assert '<p class="kind">Success story</p>' in html
    assert "<h2>Cover crops in Senegal</h2>" in html and "<p>Twice the carbon.</p>" in html
    other = block.render(block.to_python({"kind": "other", "title": "Notes", "body": "<p>More.</p>"}))
    assert 'class="kind"' not in other and "<h2>Notes</h2>" in other
