"""Trilingual demo practice sheets. ``seed(scale)`` publishes the base sheets, plus variants of them
(``scale`` - 1 per base sheet) so that lists, filters and benchmarks have volume. Running it again
updates what is there."""

from django.conf import settings
from django.db import transaction

from . import services
from .demo_volume import seed as seed_volume  # noqa: F401 (seed_demo --scale initiative)
from .models import Practice

BASE = [
    {
        "slug": "parkland-agroforestry-shea",
        "organisations": ["cirad"],
        "initiatives": ["soca"],
        "regions": ["sub-saharan-africa"],
        "name_en": "Parkland agroforestry with shea trees",
        "name_fr": "Agroforesterie de parc à karité",
        "name_es": "Agroforestería de parque con karité",
        "definition_en": "Farmers keep and protect shea trees in cereal fields, which shade the soil and return leaf litter.",
        "definition_fr": "Les agriculteurs conservent et protègent les karités dans les champs de céréales, qui ombragent le sol et lui rendent leur litière.",
        "definition_es": "Los agricultores conservan y protegen los árboles de karité en los campos de cereales, que dan sombra al suelo y le devuelven hojarasca.",
        "description_en": "Assisted natural regeneration of shea and other parkland trees in millet and sorghum fields.",
        "description_fr": "Régénération naturelle assistée du karité et des autres arbres de parc dans les champs de mil et de sorgho.",
        "description_es": "Regeneración natural asistida del karité y otros árboles de parque en campos de mijo y sorgo.",
        "category": "agroforestry",
        "measure_type": "vegetative",
        "evidence": "both",
        "countries": ["BF", "ML", "SN"],
        "location": [[-1.52, 12.37], [-5.0, 12.6]],
        "climate_zones": ["tropical-dry"],
        "soil_groups": ["lx", "ar"],
        "land_uses": ["cropland"],
        "water_supply": "rainfed",
        "rainfall_min_mm": 400,
        "rainfall_max_mm": 900,
        "measurements": [
            {
                "site": "Saria, Burkina Faso",
                "country": "BF",
                "climate_zone": "tropical-dry",
                "soil_group": "lx",
                "baseline_stock": "18.5",
                "rate": "0.45",
                "duration_years": 10,
                "depth_from_cm": 0,
                "depth_to_cm": 30,
                "method": "paired",
                "source": "Demo data",
            },
        ],
        "steps": [
            {
                "phase": "establishment",
                "text_en": "Mark young shea seedlings before land preparation.",
                "text_fr": "Repérer les jeunes plants de karité avant la préparation du sol.",
                "text_es": "Marcar las plántulas jóvenes de karité antes de preparar el suelo.",
                "timing_en": "Dry season",
                "timing_fr": "Saison sèche",
                "timing_es": "Estación seca",
            },
            {
                "phase": "maintenance",
                "text_en": "Prune lower branches and keep the litter on the field.",
                "text_fr": "Élaguer les branches basses et laisser la litière au champ.",
                "text_es": "Podar las ramas bajas y dejar la hojarasca en el campo.",
                "timing_en": "Every year",
                "timing_fr": "Chaque année",
                "timing_es": "Cada año",
            },
        ],
    },
    {
        "slug": "cover-crops-between-cash-crops",
        "organisations": ["inrae"],
        "regions": ["europe"],
        "name_en": "Cover crops between cash crops",
        "name_fr": "Couverts végétaux entre deux cultures de vente",
        "name_es": "Cultivos de cobertura entre cultivos comerciales",
        "definition_en": "A mix of legumes and grasses is sown after harvest to keep the soil covered until the next crop.",
        "definition_fr": "Un couvert végétal de légumineuses et de graminées est semé après la récolte pour garder le sol couvert jusqu'à la culture suivante.",
        "definition_es": "Una mezcla de leguminosas y gramíneas se siembra después de la cosecha para mantener el suelo cubierto hasta el siguiente cultivo.",
        "category": "cover-crops",
        "measure_type": "agronomic",
        "evidence": "scientific",
        "countries": ["FR", "ES"],
        "location": [[1.44, 43.6], [-3.7, 40.4]],
        "climate_zones": ["warm-temperate-moist", "warm-temperate-dry"],
        "soil_groups": ["lv", "cm"],
        "land_uses": ["cropland"],
        "water_supply": "rainfed",
        "measurements": [
            {
                "site": "Auzeville, France",
                "country": "FR",
                "climate_zone": "warm-temperate-moist",
                "soil_group": "lv",
                "rate": "0.32",
                "duration_years": 12,
                "depth_from_cm": 0,
                "depth_to_cm": 30,
                "method": "paired",
                "source": "Demo data",
            },
        ],
    },
    {
        "slug": "rotational-grazing",
        "regions": ["south-america"],
        "name_en": "Rotational grazing of grasslands",
        "name_fr": "Pâturage tournant des prairies",
        "name_es": "Pastoreo rotativo de pastizales",
        "definition_en": "Herds move between paddocks so that grasses recover and roots feed the soil.",
        "definition_fr": "Les troupeaux changent de parcelle pour que l'herbe repousse et que les racines nourrissent le sol.",
        "definition_es": "Los rebaños se mueven entre potreros para que los pastos se recuperen y las raíces alimenten el suelo.",
        "category": "grazing-management",
        "measure_type": "management",
        "evidence": "field",
        "countries": ["UY", "AR"],
        "location": [[-56.2, -32.5]],
        "climate_zones": ["warm-temperate-moist"],
        "soil_groups": ["ph"],
        "land_uses": ["grassland"],
        "measurements": [
            {
                "site": "Tacuarembó, Uruguay",
                "country": "UY",
                "climate_zone": "warm-temperate-moist",
                "soil_group": "ph",
                "rate": "0.6",
                "duration_years": 8,
                "depth_from_cm": 0,
                "depth_to_cm": 30,
                "method": "chronosequence",
                "source": "Demo data",
            },
        ],
    },
    {
        "slug": "compost-on-vegetable-plots",
        "regions": ["sub-saharan-africa"],
        "name_en": "Compost on vegetable plots",
        "name_fr": "Compost sur les parcelles maraîchères",
        "name_es": "Compost en parcelas hortícolas",
        "definition_en": "Farm and household residues are composted and spread before planting vegetables.",
        "definition_fr": "Les résidus de la ferme et du ménage sont compostés puis épandus avant la plantation des légumes.",
        "definition_es": "Los residuos de la finca y del hogar se compostan y se esparcen antes de plantar hortalizas.",
        "category": "organic-amendments",
        "measure_type": "agronomic",
        "evidence": "both",
        "countries": ["KE"],
        "location": [[36.8, -1.3]],
        "climate_zones": ["tropical-montane"],
        "soil_groups": ["nt"],
        "land_uses": ["cropland"],
        "water_supply": "irrigated",
        "measurements": [
            {
                "site": "Kiambu, Kenya",
                "country": "KE",
                "climate_zone": "tropical-montane",
                "soil_group": "nt",
                "rate": "1.2",
                "duration_years": 5,
                "depth_from_cm": 0,
                "depth_to_cm": 20,
                "method": "repeated",
                "source": "Demo data",
            },
        ],
    },
    {
        "slug": "no-till-with-residue-mulch",
        "regions": ["south-america"],
        "name_en": "No-till with crop residue mulch",
        "name_fr": "Semis direct sous couvert de résidus",
        "name_es": "Siembra directa con cobertura de rastrojos",
        "definition_en": "Crops are sown directly into the residues of the previous crop, without ploughing.",
        "definition_fr": "Les cultures sont semées directement dans les résidus de la culture précédente, sans labour.",
        "definition_es": "Los cultivos se siembran directamente sobre los rastrojos del cultivo anterior, sin arar.",
        "category": "conservation-agriculture",
        "measure_type": "agronomic",
        "evidence": "scientific",
        "countries": ["BR", "PY"],
        "location": [[-51.2, -25.4]],
        "climate_zones": ["tropical-moist", "warm-temperate-moist"],
        "soil_groups": ["fr"],
        "land_uses": ["cropland"],
        "measurements": [
            {
                "site": "Paraná, Brazil",
                "country": "BR",
                "climate_zone": "warm-temperate-moist",
                "soil_group": "fr",
                "rate": "0.48",
                "duration_years": 20,
                "depth_from_cm": 0,
                "depth_to_cm": 40,
                "method": "paired",
                "source": "Demo data",
            },
        ],
    },
    {
        "slug": "rewetting-drained-peatlands",
        "regions": ["south-east-asia", "europe"],
        "name_en": "Rewetting drained peatlands",
        "name_fr": "Remise en eau des tourbières drainées",
        "name_es": "Rehumectación de turberas drenadas",
        "definition_en": "Drains are blocked so that the water table rises again and the peat stops oxidising.",
        "definition_fr": "Les drains sont bouchés pour que la nappe remonte et que la tourbe cesse de s'oxyder.",
        "definition_es": "Se bloquean los drenajes para que el nivel freático vuelva a subir y la turba deje de oxidarse.",
        "category": "peatland-wetland",
        "measure_type": "structural",
        "evidence": "scientific",
        "countries": ["ID", "DE"],
        "location": [[113.9, -2.2]],
        "climate_zones": ["tropical-wet", "cool-temperate-moist"],
        "soil_groups": ["hs"],
        "land_uses": ["wetlands"],
    },
]


def variants(scale):
    for n in range(2, scale + 1):
        for sheet in BASE:
            copy = {k: v for k, v in sheet.items()}
            copy["slug"] = f"{sheet['slug']}-{n}"
            for lang in settings.LANGUAGE_CODES:
                if sheet.get(f"name_{lang}"):
                    copy[f"name_{lang}"] = f"{sheet[f'name_{lang}']} ({n})"
            yield copy


@transaction.atomic
def seed(scale, out):
    for sheet in [*BASE, *variants(scale)]:
        data = {k: v for k, v in sheet.items() if k != "slug"}
        data.setdefault("original_language", "en")
        practice = Practice.objects.filter(slug=sheet["slug"]).first() or Practice(slug=sheet["slug"])
        services.apply_sheet_data(practice, data)
        if not practice.published:
            services.publish_practice(practice)
    if out is not None:
        out.write(f"Practices: {Practice.objects.filter(published=True).count()} published sheets.")
