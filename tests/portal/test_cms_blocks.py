"""The blocks added for the CMS pages render through their templates (templates/blocks/)."""

import pytest

from portal.blocks import BodyBlock


def _render(data):
    block = BodyBlock()
    return block.render(block.to_python(data))


def test_quote_block_shows_the_words_and_who_said_them():
    html = _render([{"type": "quote", "value": {"quote": "Keep it covered.", "author": "Awa", "role": "farmer"}}])
    assert "<blockquote><p>Keep it covered.</p></blockquote>" in html
    assert '<figcaption>Awa, <span class="role">farmer</span></figcaption>' in html


def test_map_block_is_a_container_the_map_script_loads(db):
    partners = _render([{"type": "map", "value": {"layer": "partners", "title": ""}}])
    practices = _render([{"type": "map", "value": {"layer": "practices", "title": "Where it works"}}])
    assert 'data-geojson="/api/v1/partners.geojson"' in partners and "Map of the partners" in partners
    # The places with their names only (the full records were 38 MB at 50,000 sheets), drawn as clusters.
    assert 'data-geojson="/api/v1/practice-places.geojson"' in practices
    assert "<summary>Where it works</summary>" in practices
    assert 'data-cluster-js="/static/vendor/leaflet.markercluster/leaflet.markercluster.js"' in practices
    assert '<script src="/static/js/map_block.js" defer></script>' in practices
    assert "<script>" not in practices  # no inline script


def test_image_block_renders_responsive_renditions_with_caption_and_credit(db):
    from portal.demo_cms import demo_image

    image = demo_image()
    html = _render(
        [{"type": "image", "value": {"image": image.pk, "caption": "Millet", "credit": "ISRA", "alt": "A field"}}]
    )
    assert "<picture>" in html and 'sizes="(max-width: 72rem) 100vw, 72rem"' in html
    assert html.count(" 400w") >= 1 and " 800w" in html and " 1200w" in html
    assert 'alt="A field"' in html
    assert '<figcaption>Millet <span class="credit">© ISRA</span></figcaption>' in html


def test_document_list_links_each_file_with_its_size(db):
    from portal.demo_cms import demo_document

    document = demo_document("Press kit", "kit.pdf")
    html = _render(
        [{"type": "documents", "value": {"title": "Downloads", "documents": [{"document": document.pk, "title": ""}]}}]
    )
    assert "<h2>Downloads</h2>" in html
    assert f'href="{document.url}" download>Press kit</a>' in html and "(PDF, " in html


@pytest.mark.django_db
def test_video_block_embeds_the_known_video():
    from wagtail.embeds.embeds import get_embed_hash
    from wagtail.embeds.models import Embed

    url = "https://www.youtube.com/watch?v=demo4p1000"
    Embed.objects.create(
        hash=get_embed_hash(url, 800),
        url=url,
        max_width=800,
        type="video",
        html='<iframe src="https://www.youtube.com/embed/demo4p1000"></iframe>',
        title="Demo",
        thumbnail_url="",
        width=800,
        height=450,
        provider_name="YouTube",
    )
    html = _render([{"type": "video", "value": {"video": url, "caption": "The forum in two minutes"}}])
    assert '<iframe src="https://www.youtube.com/embed/demo4p1000"></iframe>' in html
    assert "<figcaption>The forum in two minutes</figcaption>" in html
