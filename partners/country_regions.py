"""Which of the Initiative's world regions (portal.Region codes, migration portal 0005) each country
(ISO 3166-1 alpha-2) belongs to: the membership form refuses a country outside the chosen region.
A country at a boundary (Mexico, Turkey, the Caucasus, Sudan...) belongs to each region it borders on;
a country not listed here (Antarctica, remote territories) is accepted in any region.

Hand-written: no maintained library maps countries to these regions (they are the Initiative's own,
not UN M49 ones), so the table is data kept here, one region a line."""

REGION_COUNTRIES = {
    "north-america": "US CA MX GL PM BM",
    "central-america-caribbean": (
        "MX BZ CR SV GT HN NI PA AG AI AW BB BL BQ BS CU CW DM DO GD GP HT JM KN KY LC MF MQ MS PR SX TC TT VC VG VI"
    ),
    "south-america": "AR BO BR CL CO EC FK GF GY PE PY SR UY VE GS",
    "sub-saharan-africa": (
        "AO BF BI BJ BW CD CF CG CI CM CV DJ ER ET GA GH GM GN GQ GW KE KM LR LS MG ML MR MU MW MZ NA NE NG RE "
        "RW SC SD SH SL SN SO SS ST SZ TD TG TZ UG YT ZA ZM ZW"
    ),
    "north-africa-middle-east": ("DZ EG LY MA TN EH SD MR DJ SO AE BH IL IQ IR JO KW LB OM PS QA SA SY TR YE CY"),
    "europe": (
        "AD AL AT AX BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI LT LU LV MC "
        "MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA TR GE AM AZ"
    ),
    "central-asia": "KZ KG TJ TM UZ AF MN GE AM AZ RU",
    "south-and-east-asia": ("BD BT IN LK MV NP PK AF IO CN HK MO JP KP KR TW MN BN KH ID LA MM MY PH SG TH TL VN"),
    "south-east-asia": "BN KH ID LA MM MY PH SG TH TL VN CX CC",
    "oceania": "AS AU CK FJ FM GU KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV VU WF HM UM",
}

_REGIONS_OF = {}
for _region, _countries in REGION_COUNTRIES.items():
    for _country in _countries.split():
        _REGIONS_OF.setdefault(_country, set()).add(_region)


def in_region(country, region_code):
    """True unless ``country`` is known to lie outside the region ``region_code``."""
    regions = _REGIONS_OF.get(str(country).upper())
    return regions is None or region_code in regions
