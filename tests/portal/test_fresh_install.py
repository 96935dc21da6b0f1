"""What a fresh install shows before any demo content: a module of its own, because the CMS modules build
the demo's pages once per module (tests/conftest.py `cms_pages`) and every later test of theirs sees them."""


def test_a_fresh_install_shows_the_english_home_as_alias_in_french_and_spanish(client, db):
    from portal.models import HomePage

    aliases = HomePage.objects.filter(alias_of__isnull=False).values_list("locale__language_code", flat=True)
    assert sorted(aliases) == ["es", "fr"]
    html = client.get("/es/").content.decode()
    assert '<html lang="es">' in html
    assert "<h1>Soils for food security and climate</h1>" in html
