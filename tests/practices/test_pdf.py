"""The practice sheet as PDF: what a reader finds in the file (text extracted back with pypdf)."""

import io

import pytest
from pypdf import PdfReader

from practices.models import Photo

from .factories import make_practice


def _image(title, size=(800, 500)):
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    buffer = io.BytesIO()
    PILImage.new("RGB", size, (60, 120, 40)).save(buffer, "JPEG", quality=90)
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"{title}.jpg"))


def _pdf(client, practice, language="en"):
    response = client.get(f"/{language}/practices/{practice.slug}/sheet.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{practice.slug}.pdf"'
    return PdfReader(io.BytesIO(response.content))


def _text(reader):
    # Text extraction inserts line breaks where lines wrap: compare on single spaces.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def full_sheet(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    practice = make_practice(
        name_en="Rice straw mulching",
        name_fr="Paillage de paille de riz",
        name_es="Acolchado con paja de arroz",
        local_name="Phủ rơm rạ",
        description_en="Straw is spread between rows near Hà Nội after the harvest.",
        description_fr="La paille est étalée entre les rangs près de Hà Nội après la récolte.",
        countries=["VN"],
        rainfall_min_mm=1200,
        rainfall_max_mm=1800,
        cost_establishment="1250.50",
        currency="USD",
        wocat_url="https://qcat.wocat.net/en/wocat/technologies/view/technologies_1234567890_with_a_very_long_address/",
        measurements=[
            {
                "site": "Thái Bình",
                "rate": "0.45",
                "duration_years": 6,
                "depth_from_cm": 0,
                "depth_to_cm": 30,
                "method": "paired",
            }
        ],
    )
    Photo.objects.create(practice=practice, image=_image("straw"), caption_en="Straw between rice rows")
    return practice


def test_every_section_of_the_sheet_prints_in_unicode(client, full_sheet):
    reader = _pdf(client, full_sheet)
    text = _text(reader)
    # Vietnamese place names survive (the hand-written writer printed "Hà N?i").
    assert "Hà Nội" in text and "Phủ rơm rạ" in text and "Thái Bình" in text
    for heading in ("Description", "At a glance", "How to do it", "Soil organic carbon results", "Costs"):
        assert heading in text, heading
    assert "Rainfall" in text and "1200–1800 mm" in text
    assert "1250.50 USD/ha" in text
    assert "Straw between rice rows" in text
    # The long WOCAT address is printed whole, wrapped rather than cut off.
    assert "technologies_1234567890_with_a_very_long_address" in text.replace(" ", "")


def test_any_script_a_partner_types_prints(client, db):
    # Chinese, Arabic and Amharic names: Pango picks an installed face (Noto, Noto CJK) for each script.
    practice = make_practice(name_en="Straw cover", local_name="稻草覆盖 · تغطية بالقش · የገለባ ሽፋን")
    text = _text(_pdf(client, practice))
    assert "稻草覆盖" in text and "تغطية" in text and "ሽፋን" in text


def test_numbers_and_labels_follow_the_readers_language(client, full_sheet):
    text = _text(_pdf(client, full_sheet, "fr"))
    assert "Paillage de paille de riz" in text
    assert "0,45" in text and "1250,50 USD/ha" in text
    assert "Précipitations" in text or "Pluviométrie" in text


def test_a_sheet_without_description_prints_no_empty_description(client, db):
    practice = make_practice(name_es="Cultivos de cobertura", description_en="", description_fr="", description_es="")
    text = _text(_pdf(client, practice, "es"))
    assert "Cultivos de cobertura" in text
    assert "Descripción" not in text


def test_photos_and_the_portal_logo_are_embedded(client, full_sheet):
    reader = _pdf(client, full_sheet)
    images = [image for page in reader.pages for image in page.images]
    # The photo (a raster image); the logo is vector graphics drawn from the SVG.
    assert any(image.image.size[0] >= 300 for image in images)
    assert "4 per 1000" in _text(reader)


def test_the_pdf_is_tagged_for_accessibility_with_its_language(client, full_sheet):
    reader = _pdf(client, full_sheet, "fr")
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]) == "fr"
    assert reader.metadata.title == "Paillage de paille de riz"


def test_the_sheet_never_fetches_addresses_outside_the_portal(db, settings):
    from weasyprint.urls import URLFetchingError

    from practices.pdf import PortalFilesOnly

    fetcher = PortalFilesOnly("http://127.0.0.1:8000/")
    assert fetcher.fetch("http://127.0.0.1:8000/static/favicon.svg").status == 200
    for url in (
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "http://127.0.0.1:8000/static/../../portal/settings.py",
        "http://127.0.0.1:8000/en/",
    ):
        with pytest.raises(URLFetchingError):
            fetcher.fetch(url)
