"""Every map of the portal draws the tiles of one setting (MAP_TILE_URL, with MAP_TILE_ATTRIBUTION), over
https, through one shared script (static/js/portal_map.js) that also fixes Leaflet's marker images."""

import re
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.test import RequestFactory

ROOT = Path(settings.BASE_DIR)
MAP_SCRIPTS = [
    "partners/static/partners/map.js",
    "static/js/map_loader.js",
    "static/js/location_map.js",
    "static/js/hotspots.js",
    "static/js/portal_map.js",
]
# The templates that draw a map, each through templates/portal/_map_setup.html.
MAP_TEMPLATES = [
    "partners/templates/partners/map.html",
    "practices/templates/practices/map_loader.html",
    "templates/portal/_location_map_script.html",
]


def test_no_map_script_names_a_tile_server_or_creates_its_own_map():
    for name in MAP_SCRIPTS:
        text = (ROOT / name).read_text()
        assert "http://" not in text, name
        assert "tile.openstreetmap" not in text and "{z}" not in text, name
        if name != "static/js/portal_map.js":
            assert "L.map(" not in text and "L.tileLayer(" not in text, name


def test_every_map_template_goes_through_the_shared_setup():
    for name in MAP_TEMPLATES:
        assert '{% include "portal/_map_setup.html" %}' in (ROOT / name).read_text(), name
    editor = (ROOT / "partners/templates/partners/edit_sheet.html").read_text()
    assert '{% include "portal/_location_map_script.html" %}' in editor
    projects = (ROOT / "projects/templates/projects/_location_map_script.html").read_text()
    assert '{% include "portal/_location_map_script.html" %}' in projects


def test_the_setup_carries_the_tile_setting_and_the_marker_image_folder(settings, rf: RequestFactory):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© Example tiles"
    html = render_to_string("portal/_map_setup.html", request=rf.get("/"))
    assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in html
    assert 'data-tile-attribution="© Example tiles"' in html
    assert re.search(r'data-image-path="/static/leaflet/images/"', html)


def test_the_default_tiles_are_https_and_the_admin_widgets_use_them_too():
    assert settings.MAP_TILE_URL.startswith("https://")
    assert settings.LEAFLET_CONFIG["TILES"][0][1] == settings.MAP_TILE_URL


def test_markercluster_is_vendored_with_its_licence_not_taken_from_a_cdn():
    vendored = ROOT / "static/vendor/leaflet.markercluster"
    assert "MIT" in (vendored / "LICENSE").read_text()
    page = (ROOT / "partners/templates/partners/map.html").read_text()
    assert "{% static 'vendor/leaflet.markercluster/leaflet.markercluster.js' %}" in page
    assert "//unpkg" not in page and "cdn" not in page.lower()


def _css():
    return (ROOT / "static/css/portal.css").read_text()


def _contrast(one, other):
    def luminance(colour):
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    darker, lighter = sorted([luminance(one), luminance(other)])
    return (lighter + 0.05) / (darker + 0.05)


def test_the_focus_ring_in_the_green_header_has_three_to_one_against_it():
    css = _css()
    leaf = re.search(r"--leaf:\s*(#[0-9a-f]{6})", css).group(1)
    assert re.search(r"\.site-header \{ background: var\(--leaf\)", css)
    ring = re.search(r"\.site-header :focus-visible \{ outline-color: (#[0-9a-f]{6}); \}", css).group(1)
    assert _contrast(ring, leaf) >= 3


def test_leaflets_attribution_link_is_dark_on_an_opaque_strip():
    css = _css()
    strip = re.search(r"\.leaflet-control-attribution \{ background: (#[0-9a-f]{6});", css).group(1)
    link = re.search(r"\.leaflet-control-attribution a \{ color: (#[0-9a-f]{6});", css).group(1)
    assert _contrast(link, strip) >= 4.5


def test_the_content_security_policy_allows_the_tiles_of_the_setting():
    origin = "/".join(settings.MAP_TILE_URL.split("/")[:3])
    assert origin in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]
