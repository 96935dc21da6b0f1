"""Demo partner organisations (trilingual sheets, offices on the map) and partner@demo.test as the
editor of the first one. Idempotent: running it again updates the same rows."""

from django.conf import settings
from django.contrib.gis.geos import Point
from django.db import transaction

from portal.models import Region, Theme

from .demo_volume import seed as seed_volume  # noqa: F401 (seed_demo --scale initiative)
from .models import College, Organisation, OrganisationEditor, OrganisationOffice, RegionalCorrespondent

# (slug, name, acronym, status, college, country, region, (lon, lat), city, themes, year)
ORGANISATIONS = [
    (
        "inrae",
        "National Research Institute for Agriculture, Food and Environment",
        "INRAE",
        "member",
        College.RESEARCH,
        "FR",
        "europe",
        (2.35, 48.85),
        "Paris",
        ["research", "measurement-mrv"],
        2015,
    ),
    (
        "cirad",
        "Agricultural Research Centre for International Development",
        "CIRAD",
        "member",
        College.RESEARCH,
        "FR",
        "europe",
        (3.87, 43.61),
        "Montpellier",
        ["agroforestry", "research"],
        2015,
    ),
    (
        "fao",
        "Food and Agriculture Organization of the United Nations",
        "FAO",
        "partner",
        College.INTERNATIONAL,
        "IT",
        "europe",
        (12.49, 41.88),
        "Rome",
        ["food-security", "policy"],
        2015,
    ),
    (
        "isra",
        "Senegalese Agricultural Research Institute",
        "ISRA",
        "member",
        College.RESEARCH,
        "SN",
        "sub-saharan-africa",
        (-17.44, 14.69),
        "Dakar",
        ["soil-restoration", "agroforestry"],
        2016,
    ),
    (
        "embrapa",
        "Brazilian Agricultural Research Corporation",
        "EMBRAPA",
        "member",
        College.RESEARCH,
        "BR",
        "south-america",
        (-47.88, -15.79),
        "Brasília",
        ["conservation-agriculture"],
        2016,
    ),
    (
        "ifoam",
        "Organics International",
        "IFOAM",
        "member",
        College.CIVIL_SOCIETY,
        "DE",
        "europe",
        (7.10, 50.73),
        "Bonn",
        ["organic-amendments"],
        2015,
    ),
    (
        "wocat",
        "World Overview of Conservation Approaches and Technologies",
        "WOCAT",
        "member",
        College.INTERNATIONAL,
        "CH",
        "europe",
        (7.45, 46.95),
        "Bern",
        ["capacity-building"],
        2017,
    ),
    (
        "morocco-agri",
        "Ministry of Agriculture of Morocco",
        "MAPMDREF",
        "partner",
        College.STATES,
        "MA",
        "north-africa-middle-east",
        (-6.84, 34.02),
        "Rabat",
        ["policy", "water"],
        2016,
    ),
    (
        "afd",
        "French Development Agency",
        "AFD",
        "partner",
        College.DONORS,
        "FR",
        "europe",
        (2.37, 48.83),
        "Paris",
        ["finance"],
        2015,
    ),
    (
        "kenya-farmers",
        "Kenya National Farmers' Federation",
        "KENAFF",
        "member",
        College.FARMERS,
        "KE",
        "sub-saharan-africa",
        (36.82, -1.29),
        "Nairobi",
        ["grazing-management"],
        2018,
    ),
    (
        "csiro",
        "Commonwealth Scientific and Industrial Research Organisation",
        "CSIRO",
        "member",
        College.RESEARCH,
        "AU",
        "oceania",
        (149.13, -35.28),
        "Canberra",
        ["measurement-mrv"],
        2019,
    ),
    (
        "soil-co",
        "Living Soils Company",
        "LSC",
        "partner",
        College.PRIVATE,
        "US",
        "north-america",
        (-93.26, 44.98),
        "Minneapolis",
        ["cover-crops", "finance"],
        2020,
    ),
]

# The names in French and Spanish (English is ORGANISATIONS' own); missing ones fall back to English.
NAMES = {
    "inrae": (
        "Institut national de recherche pour l'agriculture, l'alimentation et l'environnement",
        "Instituto Nacional de Investigación para la Agricultura, la Alimentación y el Medio Ambiente",
    ),
    "cirad": (
        "Centre de coopération internationale en recherche agronomique pour le développement",
        "Centro de Cooperación Internacional en Investigación Agronómica para el Desarrollo",
    ),
    "fao": (
        "Organisation des Nations unies pour l'alimentation et l'agriculture",
        "Organización de las Naciones Unidas para la Alimentación y la Agricultura",
    ),
    "isra": ("Institut sénégalais de recherches agricoles", "Instituto Senegalés de Investigaciones Agrícolas"),
    "embrapa": ("Entreprise brésilienne de recherche agricole", "Empresa Brasileña de Investigación Agropecuaria"),
    "wocat": (
        "Panorama mondial des approches et technologies de conservation",
        "Panorama Mundial de Enfoques y Tecnologías de Conservación",
    ),
    "morocco-agri": ("Ministère de l'Agriculture du Maroc", "Ministerio de Agricultura de Marruecos"),
    "afd": ("Agence française de développement", "Agencia Francesa de Desarrollo"),
    "kenya-farmers": ("Fédération nationale des agriculteurs du Kenya", "Federación Nacional de Agricultores de Kenia"),
}

DESCRIPTIONS = {
    "en": "{name} works with farmers and scientists so that soils store more carbon: {themes}.",
    "fr": "{name} travaille avec les agriculteurs et les scientifiques pour que les sols stockent plus de "
    "carbone : {themes}.",
    "es": "{name} trabaja con agricultores y científicos para que los suelos almacenen más carbono: {themes}.",
}


@transaction.atomic
def seed(scale, out):
    from portal.models import User

    regions = {r.code: r for r in Region.objects.all()}
    themes = {t.code: t for t in Theme.objects.all()}
    first = None
    for copy in range(scale):
        for slug, name, acronym, status, college, country, region, (lon, lat), city, codes, year in ORGANISATIONS:
            suffix = f"-{copy + 1}" if copy else ""
            # Copies beyond the first spread out a little so the map has distinct points.
            shift = copy * 0.37
            org_name = f"{name} {copy + 1}" if copy else name
            french, spanish = NAMES.get(slug, (None, None))
            written = {"en": org_name}
            if french:
                written["fr"], written["es"] = (
                    (f"{french} {copy + 1}", f"{spanish} {copy + 1}") if copy else (french, spanish)
                )
            values = {
                "name": org_name,
                **{f"name_{code}": written.get(code) for code in settings.LANGUAGE_CODES},
                "acronym": acronym,
                "status": status,
                "college": college,
                "country": country,
                "region": regions[region],
                "website": f"https://{slug}.example.org",
                "year_joined": year,
                "published": True,
                "contact_email": f"contact@{slug}{suffix}.example.org",
            }
            for code, template in _in_settings(DESCRIPTIONS):
                labels = ", ".join(getattr(themes[c], f"label_{code}") for c in codes)
                name_here = written.get(code) or org_name
                values[f"description_{code}"] = template.format(name=name_here, themes=labels.lower())
            values["description"] = values["description_en"]
            org, _created = Organisation.objects.update_or_create(slug=slug + suffix, defaults=values)
            org.themes.set([themes[c] for c in codes])
            point = Point(lon + shift, lat + shift / 2, srid=4326)
            OrganisationOffice.objects.update_or_create(
                organisation=org, position=0, defaults={"label": city, "location": point}
            )
            first = first or org
    correspondent = User.objects.filter(email="correspondent@demo.test").first()
    if correspondent is not None:
        RegionalCorrespondent.objects.get_or_create(user=correspondent, region=regions["sub-saharan-africa"])
    editor = User.objects.filter(email="partner@demo.test").first()
    if editor is not None and first is not None:
        OrganisationEditor.objects.get_or_create(user=editor, organisation=first)
    if out is not None:
        out.write(f"Partners: {Organisation.objects.count()} organisations; partner@demo.test edits {first.name}.")
    seed_initiatives(out)
    seed_hotspots(out)


# (slug, titles en/fr/es, kind, IATI status, themes, regions, countries, [(lon, lat)], start, end,
#  [(organisation slug, role)], description en/fr/es)
INITIATIVES = [
    (
        "circasa",
        (
            "CIRCASA: coordinating soil carbon research",
            "CIRCASA : coordonner la recherche sur le carbone des sols",
            "CIRCASA: coordinar la investigación sobre el carbono del suelo",
        ),
        "project",
        4,
        ["research", "measurement-mrv"],
        ["europe", "sub-saharan-africa"],
        ["FR", "DE", "KE"],
        [(2.35, 48.85), (36.8, -1.3)],
        "2017-11-01",
        "2020-10-31",
        [("inrae", "lead"), ("cirad", "partner")],
        (
            "International research consortium on soil carbon sequestration in agriculture.",
            "Consortium international de recherche sur la séquestration du carbone dans les sols agricoles.",
            "Consorcio internacional de investigación sobre el secuestro de carbono en suelos agrícolas.",
        ),
    ),
    (
        "soca",
        (
            "SOCa: soil organic carbon in Africa",
            "SOCa : le carbone organique des sols en Afrique",
            "SOCa: el carbono orgánico del suelo en África",
        ),
        "programme",
        2,
        ["agroforestry", "research"],
        ["sub-saharan-africa"],
        ["SN", "BF"],
        [(-17.45, 14.69)],
        "2021-01-01",
        None,
        [("cirad", "lead"), ("fao", "funding")],
        (
            "Field trials of practices that restore soil carbon in West Africa.",
            "Essais de terrain de pratiques qui restaurent le carbone des sols en Afrique de l'Ouest.",
            "Ensayos de campo de prácticas que restauran el carbono del suelo en África Occidental.",
        ),
    ),
    (
        "international-research-consortium",
        (
            "International Research Consortium",
            "Consortium international de recherche",
            "Consorcio Internacional de Investigación",
        ),
        "consortium",
        2,
        ["research"],
        ["europe", "south-america", "south-and-east-asia"],
        ["FR", "BR", "IN"],
        [(3.87, 43.61)],
        "2016-01-01",
        None,
        [("inrae", "lead"), ("cirad", "implementing"), ("fao", "partner")],
        (
            "The scientific network that supports the 4 per 1000 Initiative's research agenda.",
            "Le réseau scientifique qui soutient le programme de recherche de l'Initiative 4 pour 1000.",
            "La red científica que apoya la agenda de investigación de la Iniciativa 4 por 1000.",
        ),
    ),
]


# The titles and descriptions of INITIATIVES are written in these languages, in this order.
TEXT_LANGUAGES = tuple(DESCRIPTIONS)


def _in_settings(texts):
    """The (language, text) pairs of ``texts`` in the portal's languages: one the demo has no text for
    falls back (modeltranslation), one the demo has a text for but the settings dropped is left out."""
    return [(code, texts[code]) for code in settings.LANGUAGE_CODES if code in texts]


def seed_initiatives(out):
    import datetime

    from django.contrib.gis.geos import MultiPoint
    from django.contrib.gis.geos import Point as GeoPoint

    from portal.models import Region, Theme

    from .models import Initiative, InitiativeRole

    for slug, titles, kind, status, themes, regions, countries, points, start, end, roles, texts in INITIATIVES:
        values = {"kind": kind, "status": status, "countries": countries, "published": True}
        written = dict(zip(TEXT_LANGUAGES, zip(titles, texts, strict=True), strict=True))
        for code, (title, text) in _in_settings(written):
            values[f"title_{code}"] = title
            values[f"description_{code}"] = text
        values["title"], values["description"] = titles[0], texts[0]
        values["locations"] = MultiPoint(*[GeoPoint(lon, lat, srid=4326) for lon, lat in points], srid=4326)
        values["actual_start"] = datetime.date.fromisoformat(start)
        values["actual_end"] = datetime.date.fromisoformat(end) if end else None
        initiative, _created = Initiative.objects.update_or_create(slug=slug, defaults=values)
        initiative.themes.set(Theme.objects.filter(code__in=themes))
        initiative.regions.set(Region.objects.filter(code__in=regions))
        for organisation_slug, role in roles:
            organisation = Organisation.objects.filter(slug=organisation_slug).first()
            if organisation is not None:
                InitiativeRole.objects.get_or_create(initiative=initiative, organisation=organisation, role=role)
    if out is not None:
        out.write(f"Initiatives: {Initiative.objects.count()}.")


# A demo hotspot layer: a few outlines with values in the range of FAO's GSOCseq maps (0–30 cm; initial
# stock in t C/ha, rates in t C/ha/yr under business as usual and three improved-management scenarios).
# Not real data: the secretariat imports the real layer with ``manage.py import_hotspots``.
HOTSPOT_SOURCE, HOTSPOT_VERSION = "Demo layer (GSOCseq-like values)", "demo-2026"
# (name, kind, stock, BAU, SSM1, SSM2, SSM3, uncertainty %, outline [(lon, lat)])
HOTSPOTS = [
    (
        "Groundnut basin, Senegal",
        "potential",
        18.6,
        0.01,
        0.14,
        0.27,
        0.45,
        38,
        [(-16.9, 13.7), (-15.6, 13.6), (-14.6, 14.1), (-14.7, 15.2), (-15.9, 15.5), (-16.7, 14.9)],
    ),
    (
        "Central highlands, Kenya",
        "potential",
        52.3,
        -0.05,
        0.22,
        0.41,
        0.63,
        31,
        [(36.3, -1.6), (37.1, -1.7), (37.7, -0.9), (37.5, 0.2), (36.7, 0.3), (36.2, -0.6)],
    ),
    (
        "Rolling Pampa, Argentina",
        "potential",
        48.9,
        -0.12,
        0.18,
        0.33,
        0.52,
        27,
        [(-61.6, -35.4), (-59.8, -35.8), (-58.4, -34.6), (-58.9, -32.6), (-60.7, -32.4), (-61.8, -33.8)],
    ),
    (
        "Indo-Gangetic plain, Punjab",
        "potential",
        14.2,
        -0.03,
        0.11,
        0.2,
        0.34,
        42,
        [(74.0, 29.6), (75.9, 29.4), (77.1, 30.4), (76.6, 31.9), (74.9, 32.1), (73.9, 31.0)],
    ),
    (
        "Drained peatlands, Central Kalimantan",
        "loss",
        412.0,
        -1.9,
        -1.1,
        -0.6,
        -0.2,
        55,
        [(113.0, -3.4), (114.2, -3.6), (115.0, -2.8), (114.8, -1.9), (113.7, -1.7), (112.9, -2.4)],
    ),
]


def seed_hotspots(out):
    """The demo hotspot layer, through the importer the real layer goes through (idempotent)."""
    import json

    from .hotspots import import_hotspots

    features = []
    for name, kind, stock, bau, ssm1, ssm2, ssm3, uncertainty, outline in HOTSPOTS:
        ring = [list(point) for point in outline] + [list(outline[0])]
        properties = {"name": name, "kind": kind, "initial_stock": stock, "rate_bau": bau, "uncertainty": uncertainty}
        for number, rate in ((1, ssm1), (2, ssm2), (3, ssm3)):
            properties[f"rate_ssm{number}"] = rate
            properties[f"relative_ssm{number}"] = round(rate - bau, 3)
        features.append(
            {"type": "Feature", "properties": properties, "geometry": {"type": "Polygon", "coordinates": [ring]}}
        )
    text = json.dumps({"type": "FeatureCollection", "features": features})
    hotspots = import_hotspots(text, source=HOTSPOT_SOURCE, version=HOTSPOT_VERSION)
    if out is not None:
        out.write(f"Hotspots: {len(hotspots)} areas in the demo layer.")
