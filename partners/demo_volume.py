"""Generated organisations (each with one office, one in five with a second) and initiatives at the
Initiative's size (``seed_demo --scale initiative``), with bulk inserts. Names are built from word lists,
so they repeat words as real names do without being copies of one another."""

import datetime

from django.conf import settings
from django.contrib.gis.geos import MultiPoint, Point
from django.db import transaction

from portal.models import Region, Theme
from portal.volume import Timer, bulk, bulk_through, made_up_word, rng, target

from .cache import invalidate_initiatives, invalidate_map
from .models import College, Initiative, InitiativeRole, Organisation, OrganisationOffice

KINDS = {
    College.RESEARCH: ["Institute", "Research Centre", "University", "Laboratory", "Academy"],
    College.FARMERS: ["Farmers' Union", "Cooperative", "Growers' Association", "Federation of Producers"],
    College.CIVIL_SOCIETY: ["Association", "Foundation", "Network", "Alliance", "Movement"],
    College.PRIVATE: ["Company", "Group", "Ltd", "Partners", "Consulting"],
    College.STATES: ["Ministry of Agriculture", "Regional Council", "Department of Environment", "Municipality"],
    College.INTERNATIONAL: ["Programme", "Commission", "Centre", "Organisation"],
    College.DONORS: ["Fund", "Trust", "Development Bank", "Foundation"],
}
TOPICS = (
    "Soil Carbon|Living Soils|Agroecology|Sustainable Agriculture|Dryland Farming|Rural Development|Soil Health|"
    "Regenerative Farming|Climate and Soils|Agroforestry|Organic Farming|Water and Soil|Pastoralism|Land Restoration|"
    "Food Security|Conservation Agriculture|Forest Landscapes|Smallholder Farming|Soil Science|Rangelands"
).split("|")
# (country, region, lon, lat, city): offices are scattered around these cities.
CITIES = [
    ("FR", "europe", 2.35, 48.85, "Paris"),
    ("FR", "europe", 3.87, 43.61, "Montpellier"),
    ("ES", "europe", -3.70, 40.42, "Madrid"),
    ("DE", "europe", 13.40, 52.52, "Berlin"),
    ("IT", "europe", 12.49, 41.89, "Rome"),
    ("SN", "sub-saharan-africa", -17.44, 14.69, "Dakar"),
    ("BF", "sub-saharan-africa", -1.52, 12.37, "Ouagadougou"),
    ("KE", "sub-saharan-africa", 36.82, -1.29, "Nairobi"),
    ("ET", "sub-saharan-africa", 38.75, 9.03, "Addis Ababa"),
    ("CM", "sub-saharan-africa", 11.52, 3.87, "Yaoundé"),
    ("MA", "north-africa-middle-east", -6.84, 34.02, "Rabat"),
    ("TN", "north-africa-middle-east", 10.18, 36.81, "Tunis"),
    ("BR", "south-america", -47.88, -15.79, "Brasília"),
    ("AR", "south-america", -58.38, -34.60, "Buenos Aires"),
    ("PE", "south-america", -77.04, -12.05, "Lima"),
    ("CO", "south-america", -74.07, 4.71, "Bogotá"),
    ("MX", "central-america-caribbean", -99.13, 19.43, "Mexico City"),
    ("CR", "central-america-caribbean", -84.09, 9.93, "San José"),
    ("US", "north-america", -93.26, 44.98, "Minneapolis"),
    ("CA", "north-america", -75.70, 45.42, "Ottawa"),
    ("IN", "south-and-east-asia", 77.21, 28.61, "New Delhi"),
    ("CN", "south-and-east-asia", 116.40, 39.90, "Beijing"),
    ("VN", "south-east-asia", 105.85, 21.03, "Hanoi"),
    ("ID", "south-east-asia", 106.85, -6.21, "Jakarta"),
    ("KZ", "central-asia", 71.45, 51.17, "Astana"),
    ("AU", "oceania", 149.13, -35.28, "Canberra"),
]
DESCRIPTIONS = {
    "en": "{name} works with farmers and scientists so that soils store more carbon in {city}.",
    "fr": "{name} travaille avec les agriculteurs et les scientifiques pour que les sols de {city} stockent plus de "
    "carbone.",
    "es": "{name} trabaja con agricultores y científicos para que los suelos de {city} almacenen más carbono.",
}
INITIATIVE_TITLES = {
    "en": "{topic} in {city}: {word} project",
    "fr": "{topic} à {city} : projet {word}",
    "es": "{topic} en {city}: proyecto {word}",
}


def _languages():
    return [code for code, _name in settings.LANGUAGES]


@transaction.atomic
def seed(volume, out):
    """Add the generated organisations and initiatives of ``volume`` (1.0: 10,000 and 2,000) once."""
    count = target("organisations", volume)
    if count and not Organisation.objects.filter(slug__startswith="generated-").exists():
        seed_organisations(count, out)
    count = target("initiatives", volume)
    if count and not Initiative.objects.filter(slug__startswith="generated-").exists():
        seed_initiatives(count, out)


def seed_organisations(count, out):
    timer = Timer(out, "organisations")
    generator = rng("organisations")
    regions = dict(Region.objects.values_list("code", "pk"))
    themes = list(Theme.objects.values_list("pk", flat=True))
    colleges = list(KINDS)
    places, links = [], []

    def rows():
        for n in range(count):
            college = colleges[n % len(colleges)]
            country, region, lon, lat, city = generator.choice(CITIES)
            topic, kind = generator.choice(TOPICS), generator.choice(KINDS[college])
            local = made_up_word(generator, (2, 3)).capitalize()
            name = f"{local} {topic} {kind}" if n % 2 else f"{kind} for {topic} of {local}"
            acronym = "".join(word[0] for word in name.split() if word[0].isupper())[:8]
            values = {
                "name": name,
                "acronym": acronym,
                "slug": f"generated-{n + 1}",
                "status": "member" if n % 3 else "partner",
                "college": college,
                "country": country,
                "region_id": regions[region],
                "website": f"https://org{n + 1}.example.org",
                "year_joined": 2015 + n % 10,
                "published": n % 50 != 0,  # a few sheets are not published yet
                "contact_email": f"contact@org{n + 1}.example.org",
            }
            for language in _languages():
                template = DESCRIPTIONS.get(language, DESCRIPTIONS["en"])
                values[f"description_{language}"] = template.format(name=name, city=city)
            offices = [(city, lon + generator.gauss(0, 2.5), lat + generator.gauss(0, 1.5))]
            if generator.random() < 0.2:
                other = generator.choice(CITIES)
                offices.append((other[4], other[2] + generator.gauss(0, 2.5), other[3] + generator.gauss(0, 1.5)))
            places.append(offices)
            links.append(generator.sample(themes, generator.randint(1, 3)))
            yield Organisation(**values)

    saved = bulk(Organisation, rows())
    bulk(
        OrganisationOffice,
        (
            OrganisationOffice(
                organisation_id=org.pk,
                label=label,
                position=position,
                location=Point(max(min(lon, 180), -180), max(min(lat, 85), -85), srid=4326),
            )
            for org, offices in zip(saved, places, strict=True)
            for position, (label, lon, lat) in enumerate(offices)
        ),
    )
    bulk_through(Organisation.themes, ((org.pk, pk) for org, pks in zip(saved, links, strict=True) for pk in pks))
    # Bulk inserts send no signal.
    transaction.on_commit(invalidate_map)
    transaction.on_commit(invalidate_initiatives)
    timer.done(f"{count} generated organisations with {sum(map(len, places))} offices")


def seed_initiatives(count, out):
    timer = Timer(out, "initiatives")
    generator = rng("initiatives")
    regions = dict(Region.objects.values_list("code", "pk"))
    themes = list(Theme.objects.values_list("pk", flat=True))
    organisations = list(
        Organisation.objects.filter(published=True, slug__startswith="generated-").values_list("pk", flat=True)
    )
    extra = []

    def rows():
        for n in range(count):
            country, region, lon, lat, city = generator.choice(CITIES)
            slots = {"topic": generator.choice(TOPICS), "city": city, "word": made_up_word(generator).upper()}
            values = {"slug": f"generated-{n + 1}", "kind": generator.choice(Initiative.Kind.values)}
            values["status"] = generator.choice([1, 2, 2, 2, 3, 4])
            for language in _languages():
                template = INITIATIVE_TITLES.get(language, INITIATIVE_TITLES["en"])
                values[f"title_{language}"] = template.format(**slots)
                values[f"description_{language}"] = DESCRIPTIONS.get(language, DESCRIPTIONS["en"]).format(
                    name=values[f"title_{language}"], city=city
                )
            start = datetime.date(2016 + n % 9, 1 + n % 12, 1)
            values["actual_start"] = start
            values["actual_end"] = start + datetime.timedelta(days=365 * generator.randint(2, 5))
            values["countries"] = [country]
            values["locations"] = MultiPoint(Point(lon, lat, srid=4326), srid=4326)
            extra.append(
                (
                    [regions[region]],
                    generator.sample(themes, 2),
                    generator.sample(organisations, min(len(organisations), 2)),
                )
            )
            initiative = Initiative(**values)
            initiative.country_places = initiative.places_by_country()  # what save() would set
            yield initiative

    saved = bulk(Initiative, rows())
    bulk_through(Initiative.regions, ((i.pk, pk) for i, (rs, _t, _o) in zip(saved, extra, strict=True) for pk in rs))
    bulk_through(Initiative.themes, ((i.pk, pk) for i, (_r, ts, _o) in zip(saved, extra, strict=True) for pk in ts))
    bulk(
        InitiativeRole,
        (
            InitiativeRole(initiative_id=i.pk, organisation_id=pk, role="lead" if not k else "partner")
            for i, (_r, _t, orgs) in zip(saved, extra, strict=True)
            for k, pk in enumerate(orgs)
        ),
    )
    transaction.on_commit(invalidate_initiatives)  # bulk inserts send no signal
    timer.done(f"{count} generated initiatives")
