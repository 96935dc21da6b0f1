"""No N+1: the list, a sheet and the API cost the same number of queries with 3 or 30 sheets."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import make_practice


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        response.getvalue()  # a streamed answer reads its rows while it is sent: count those too
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/en/practices/",
        "/en/practices/?climate=tropical-dry&sort=rate",
        "/fr/practices/?q=pratique",
        "/api/v1/practices/",
        "/api/v1/practices.geojson",
        "/api/v1/practices.csv",
    ],
)
def test_list_pages_cost_the_same_at_two_sizes(client, db, url):
    for _ in range(3):
        make_practice()
    small = count(client, url)
    for _ in range(27):
        make_practice()
    assert count(client, url) == small


def test_sheet_costs_the_same_with_more_results_and_steps(client, db):
    few = make_practice()
    rows = [
        {"site": f"S{n}", "rate": "0.3", "duration_years": 3, "depth_to_cm": 30, "method": "paired"} for n in range(12)
    ]
    steps = [{"phase": "maintenance", "text_en": f"Step {n}"} for n in range(12)]
    many = make_practice(measurements=rows, steps=steps, climate_zones=["tropical-dry", "tropical-wet"])
    assert count(client, many.get_absolute_url()) == count(client, few.get_absolute_url())
