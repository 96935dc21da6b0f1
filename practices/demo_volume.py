"""Generated practice sheets at the Initiative's size (``seed_demo --scale initiative``).

Trilingual texts are built from aligned sentence templates and a lexicon, so that the corpus has the
word frequencies of a soil-carbon database: the domain's words (soil, carbon, farmers) in nearly every
sheet, crops and amendments (compost, manure) in a few percent to a fifth of them, and rare words — the
made-up local names of practices and villages — in one to a handful. One sheet in ten is not yet
translated (its texts exist only in English and fall back to it). Rows go in with bulk inserts.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.gis.geos import MultiPoint, Point
from django.db import transaction
from django.utils import timezone

from portal.models import Region, Theme
from portal.volume import Timer, bulk, bulk_through, made_up_word, rng, target, zipf_weights

from .cache import invalidate
from .models import Category, ClimateZone, LandUse, Measurement, Practice, SoilGroup
from .search import document

LEXICON_LANGUAGES = ("en", "fr", "es")


def _entries(text):
    """Lexicon lines "english|french|spanish"."""
    return [dict(zip(LEXICON_LANGUAGES, line.split("|"), strict=True)) for line in text.strip().splitlines()]


def _blocks(text):
    """Sentence templates: blocks of three lines (English, French, Spanish) separated by a blank line."""
    return [dict(zip(LEXICON_LANGUAGES, block.splitlines(), strict=True)) for block in text.strip().split("\n\n")]


# Ordered from the most to the least frequent (Zipf weights follow the order).
CROPS = _entries("""
maize|maïs|maíz
wheat|blé|trigo
rice|riz|arroz
millet|mil|mijo
sorghum|sorgho|sorgo
cassava|manioc|yuca
beans|haricots|frijoles
coffee|café|café
cocoa|cacao|cacao
barley|orge|cebada
groundnut|arachide|maní
vegetables|légumes|hortalizas
vineyards|vignes|viñedos
olive groves|oliveraies|olivares
potatoes|pommes de terre|papas
soybean|soja|soja
cotton|coton|algodón
sugarcane|canne à sucre|caña de azúcar
bananas|bananiers|plátanos
quinoa|quinoa|quinua
teff|teff|tef
oil palm|palmier à huile|palma aceitera
tea|thé|té
alfalfa|luzerne|alfalfa
""")
TREES = _entries("""
shea trees|karités|árboles de karité
acacias|acacias|acacias
faidherbia|faidherbia|faidherbia
gliricidia|gliricidia|gliricidia
leucaena|leucaena|leucaena
oaks|chênes|robles
pines|pins|pinos
mango trees|manguiers|mangos
eucalyptus|eucalyptus|eucaliptos
argan trees|arganiers|arganes
""")
AMENDMENTS = _entries("""
crop residues|résidus de culture|residuos de cosecha
manure|fumier|estiércol
compost|compost|compost
mulch|paillis|mantillo
green manure|engrais vert|abono verde
biochar|biochar|biocarbón
vermicompost|lombricompost|vermicompost
wood chips|bois raméal fragmenté|astillas de madera
""")
BENEFITS = _entries("""
yields|rendements|rendimientos
water infiltration|infiltration de l'eau|infiltración del agua
soil fertility|fertilité du sol|fertilidad del suelo
biodiversity|biodiversité|biodiversidad
resilience to drought|résilience à la sécheresse|resiliencia a la sequía
erosion control|lutte contre l'érosion|control de la erosión
farm income|revenu agricole|ingreso agrícola
fodder|fourrage|forraje
""")
PLACES = _entries("""
the Sahel|le Sahel|el Sahel
the Andes|les Andes|los Andes
the Pampas|la Pampa|la Pampa
the Mekong delta|le delta du Mékong|el delta del Mekong
the Rift Valley|la vallée du Rift|el valle del Rift
Occitania|l'Occitanie|Occitania
the Cerrado|le Cerrado|el Cerrado
Andalusia|l'Andalousie|Andalucía
the Punjab|le Pendjab|el Punyab
the highlands of Ethiopia|les hauts plateaux d'Éthiopie|las tierras altas de Etiopía
Central America|l'Amérique centrale|Centroamérica
the Maghreb|le Maghreb|el Magreb
""")
# Sentence templates, aligned across languages. {crop} {tree} {amendment} {benefit} {place} {local}.
DEFINITIONS = _blocks("""
Farmers spread {amendment} on {crop} fields so that the soil stores more carbon.
Les agriculteurs épandent du {amendment} sur les champs de {crop} pour que le sol stocke plus de carbone.
Los agricultores esparcen {amendment} en los campos de {crop} para que el suelo almacene más carbono.

{tree} grow among {crop} and return organic matter to the soil.
Des {tree} poussent parmi le {crop} et rendent de la matière organique au sol.
Los {tree} crecen entre el {crop} y devuelven materia orgánica al suelo.

The soil stays covered between two {crop} crops, which feeds its carbon.
Le sol reste couvert entre deux cultures de {crop}, ce qui nourrit son carbone.
El suelo permanece cubierto entre dos cultivos de {crop}, lo que alimenta su carbono.

Herds graze in rotation so that grasses recover and roots feed the soil.
Les troupeaux pâturent en rotation pour que l'herbe repousse et que les racines nourrissent le sol.
Los rebaños pastan en rotación para que los pastos se recuperen y las raíces alimenten el suelo.

Water is kept in the field with small works that protect the soil and its carbon.
L'eau est retenue au champ par de petits ouvrages qui protègent le sol et son carbone.
El agua se retiene en la parcela con pequeñas obras que protegen el suelo y su carbono.
""")
SENTENCES = _blocks("""
This practice increases soil organic carbon in the topsoil.
Cette pratique augmente le carbone organique du sol dans l'horizon de surface.
Esta práctica aumenta el carbono orgánico del suelo en la capa superficial.

Farmers in {place} have used it on {crop} for many years.
Les agriculteurs de {place} l'utilisent sur le {crop} depuis de nombreuses années.
Los agricultores de {place} la usan en el {crop} desde hace muchos años.

The {amendment} is applied before sowing, at a rate adapted to the soil.
Le {amendment} est apporté avant le semis, à une dose adaptée au sol.
El {amendment} se aplica antes de la siembra, en una dosis adaptada al suelo.

It improves {benefit} and reduces the loss of carbon from the soil.
Elle améliore {benefit} et réduit les pertes de carbone du sol.
Mejora {benefit} y reduce las pérdidas de carbono del suelo.

{tree} are kept in the fields and pruned every year.
Les {tree} sont gardés dans les champs et élagués chaque année.
Los {tree} se conservan en los campos y se podan cada año.

Locally the practice is called {local}.
Localement, la pratique s'appelle {local}.
Localmente, la práctica se llama {local}.

Soil samples taken at 0-30 cm show a steady gain of carbon.
Des prélèvements de sol à 0-30 cm montrent un gain régulier de carbone.
Muestras de suelo tomadas a 0-30 cm muestran una ganancia constante de carbono.

The residues of {crop} are left on the soil surface.
Les résidus de {crop} sont laissés à la surface du sol.
Los residuos de {crop} se dejan en la superficie del suelo.

Extension services and farmer field schools support the adoption.
Les services de conseil et les champs-écoles paysans accompagnent l'adoption.
Los servicios de extensión y las escuelas de campo apoyan la adopción.

Costs are low once the first season has passed.
Les coûts sont faibles une fois la première saison passée.
Los costos son bajos una vez pasada la primera temporada.

The village of {village} tested it first with its cooperative.
Le village de {village} l'a d'abord testée avec sa coopérative.
El pueblo de {village} la probó primero con su cooperativa.

Soil life, earthworms and fungi become more active.
La vie du sol, les vers de terre et les champignons deviennent plus actifs.
La vida del suelo, las lombrices y los hongos se vuelven más activos.

Women's groups manage the {amendment} and share the work.
Les groupements de femmes gèrent le {amendment} et se partagent le travail.
Los grupos de mujeres gestionan el {amendment} y comparten el trabajo.

Carbon gains depend on climate, soil texture and the initial stock.
Les gains de carbone dépendent du climat, de la texture du sol et du stock initial.
Las ganancias de carbono dependen del clima, de la textura del suelo y del stock inicial.
""")
NAMES = _blocks("""
{amendment} on {crop} in {place}
{amendment} sur {crop} dans {place}
{amendment} en {crop} en {place}

{crop} under {tree}
{crop} sous {tree}
{crop} bajo {tree}

Cover of {amendment} for {crop}
Couverture de {amendment} pour le {crop}
Cobertura de {amendment} para el {crop}

{local}: soil care for {crop}
{local} : soin du sol pour le {crop}
{local}: cuidado del suelo para el {crop}
""")

MEASURES = {
    "agroforestry": "vegetative",
    "forest-management": "vegetative",
    "perennial-crops": "vegetative",
    "water-management": "structural",
    "peatland-wetland": "structural",
    "land-restoration": "structural",
    "grazing-management": "management",
    "crop-livestock": "management",
}
COUNTRIES = (
    "SN BF ML NE KE ET TZ UG RW GH CI CM MA TN EG FR ES IT DE PT BR AR UY PY CO PE BO EC MX GT HN NI CR US CA "
    "IN BD NP VN TH KH ID PH CN AU NZ"
).split()


def _pick(generator, items, weights):
    return generator.choices(items, weights=weights, k=1)[0]


def _fill(template, slots, language):
    return template[language].format(**{k: v[language] if isinstance(v, dict) else v for k, v in slots.items()})


def _capitalised(text):
    return text[:1].upper() + text[1:]


def sheets(count, languages, now):
    """``count`` unsaved published Practice rows and, per row, its vocabulary codes and results."""
    generator = rng("practices")
    categories = list(Category.objects.values_list("pk", "code"))
    crop_w, amend_w, place_w = zipf_weights(len(CROPS)), zipf_weights(len(AMENDMENTS), 0.6), zipf_weights(len(PLACES))
    # Rare words: about one made-up local name for three sheets, and a village per sheet out of count / 2.
    locals_ = [made_up_word(generator) for _ in range(max(count // 3, 1))]
    villages = [_capitalised(made_up_word(generator, (2, 3))) for _ in range(max(count // 2, 1))]
    for n in range(count):
        category_pk, category = categories[n % len(categories)]
        slots = {
            "crop": _pick(generator, CROPS, crop_w),
            "tree": generator.choice(TREES),
            "amendment": _pick(generator, AMENDMENTS, amend_w),
            "benefit": generator.choice(BENEFITS),
            "place": _pick(generator, PLACES, place_w),
            "local": generator.choice(locals_),
            "village": generator.choice(villages),
        }
        name = generator.choice(NAMES)
        definition = generator.choice(DEFINITIONS)
        body = generator.sample(SENTENCES, generator.randint(5, 9))
        translated = generator.random() >= 0.1  # one sheet in ten exists only in English so far
        practice = Practice(
            slug=f"generated-{n + 1}",
            category_id=category_pk,
            measure_type=MEASURES.get(category, "agronomic"),
            evidence=generator.choice(["field", "scientific", "both", ""]),
            countries=generator.sample(COUNTRIES, generator.randint(1, 3)),
            original_language="en",
            published=True,
            published_at=now,
            local_name=slots["local"] if generator.random() < 0.3 else "",
        )
        lon, lat = generator.uniform(-120, 150), generator.uniform(-40, 55)
        practice.location = MultiPoint(Point(round(lon, 4), round(lat, 4), srid=4326), srid=4326)
        for language in languages:
            source = language if language in LEXICON_LANGUAGES and (translated or language == "en") else None
            if source is None:
                continue
            setattr(practice, f"name_{language}", _capitalised(_fill(name, slots, source))[:200])
            setattr(practice, f"definition_{language}", _capitalised(_fill(definition, slots, source))[:400])
            setattr(
                practice,
                f"description_{language}",
                " ".join(_capitalised(_fill(sentence, slots, source)) for sentence in body),
            )
        practice.search_text = document(practice)
        rate = Decimal(generator.randint(5, 300)) / 100 if generator.random() < 0.7 else None
        practice.max_rate = rate
        yield practice, rate, generator


@transaction.atomic
def seed(volume, out):
    """Add the generated sheets of ``volume`` (1.0: 50,000) once; a second run leaves them as they are."""
    count = target("practices", volume)
    if Practice.objects.filter(slug__startswith="generated-").exists() or count == 0:
        return
    timer = Timer(out, "practices")
    languages = [code for code, _name in settings.LANGUAGES]
    zones = list(ClimateZone.objects.values_list("pk", flat=True))
    soils = list(SoilGroup.objects.values_list("pk", flat=True))
    uses = list(LandUse.objects.values_list("pk", flat=True))
    regions = list(Region.objects.values_list("pk", flat=True))
    themes = list(Theme.objects.values_list("pk", flat=True))
    rates, links = [], {"climate_zones": [], "soil_groups": [], "land_uses": [], "regions": [], "themes": []}
    pools = {"climate_zones": zones, "soil_groups": soils, "land_uses": uses, "regions": regions, "themes": themes}
    spans = {"climate_zones": (1, 2), "soil_groups": (1, 3), "land_uses": (1, 2), "regions": (1, 2), "themes": (1, 2)}

    def rows():
        for practice, rate, generator in sheets(count, languages, timezone.now()):
            picks = {field: generator.sample(pools[field], generator.randint(*spans[field])) for field in pools}
            rates.append((rate, picks))
            yield practice

    saved = bulk(Practice, rows())
    for practice, (_rate, picks) in zip(saved, rates, strict=True):
        for field, pks in picks.items():
            links[field] += [(practice.pk, pk) for pk in pks]
    for field, pairs in links.items():
        bulk_through(getattr(Practice, field), pairs)
    bulk(
        Measurement,
        (
            Measurement(
                practice_id=practice.pk,
                site=f"Plot {practice.pk}",
                rate=rate,
                duration_years=5,
                depth_from_cm=0,
                depth_to_cm=30,
                method="paired",
                source="Generated demo data",
            )
            for practice, (rate, _picks) in zip(saved, rates, strict=True)
            if rate is not None
        ),
    )
    invalidate()  # bulk inserts send no signal: drop the cached counts here
    timer.done(f"{count} generated sheets")
