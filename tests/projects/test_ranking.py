"""The median of the STC scores in the ranking: computed by the database (percentile_cont on
PostgreSQL, the MEDIAN aggregate registered on SQLite), shown, sortable and exported."""

from io import BytesIO

import pytest
from django.db import connection
from django.utils import timezone
from openpyxl import load_workbook

from portal import roles
from projects import queries
from projects.models import Criterion, Review, Score
from tests.factories import UserFactory

from .factories import AssignmentFactory, SubmittedProposalFactory, reviewing_call

pytestmark = pytest.mark.django_db


def _review(proposal, scores, status="submitted"):
    """A review of ``proposal`` by a new reviewer with {criterion code: value}."""
    assignment = AssignmentFactory(
        proposal=proposal,
        reviewer=UserFactory(role=roles.STC_REVIEWER),
        conflict="no",
        conflict_declared_at=timezone.now(),
    )
    review = Review.objects.create(
        assignment=assignment,
        status=status,
        recommendation="fund" if status == "submitted" else "",
        submitted_at=timezone.now() if status == "submitted" else None,
    )
    for code, value in scores.items():
        Score.objects.create(review=review, criterion=proposal.call.criteria.get(code=code), value=value)
    return review


@pytest.fixture
def call():
    call = reviewing_call()
    group = call.criterion_groups.get()
    Criterion.objects.create(call=call, group=group, code="food", name_en="Food security", use="stc")
    return call


def test_median_of_an_odd_and_an_even_number_of_scores(call):
    odd = SubmittedProposalFactory(call=call, title="Odd")
    even = SubmittedProposalFactory(call=call, title="Even")
    _review(odd, {"stock": 0, "mrv": 1, "food": 5, "ready": 5})  # "ready" is self-assessment only
    _review(odd, {"stock": 5, "mrv": 5, "food": 5}, status="draft")  # drafts do not count
    _review(even, {"stock": 1, "mrv": 2, "food": 4})
    _review(even, {"stock": 5, "mrv": 0, "food": 5})
    rows = {p.title: p for p in queries.ranking(call)}
    # Odd: scores 0, 1, 5 → the middle one; the mean (2.0) is pulled up by the outlier.
    assert rows["Odd"].median_score == pytest.approx(1.0) and rows["Odd"].mean_score == pytest.approx(2.0)
    # Even: scores 0, 1, 2, 4, 5, 5 → mean of the two middle ones (2 and 4).
    assert rows["Even"].median_score == pytest.approx(3.0)


def test_median_is_null_without_a_submitted_score(call):
    quiet = SubmittedProposalFactory(call=call, title="Quiet")
    _review(quiet, {"stock": 4}, status="draft")
    assert queries.ranking(call).get().median_score is None


def test_the_median_is_computed_by_the_database(call, django_assert_num_queries):
    _review(SubmittedProposalFactory(call=call), {"stock": 2, "mrv": 3, "food": 4})
    with django_assert_num_queries(1) as captured:
        list(queries.ranking(call))
    sql = captured.captured_queries[0]["sql"]
    expected = "percentile_cont(0.5) WITHIN GROUP" if connection.vendor == "postgresql" else "MEDIAN("
    assert expected in sql


def test_the_chair_sorts_by_median_and_both_exports_carry_it(client, call):
    # "Steady" has the higher median, "Spiky" the higher mean.
    spiky = SubmittedProposalFactory(call=call, title="Spiky")
    steady = SubmittedProposalFactory(call=call, title="Steady")
    _review(spiky, {"stock": 1, "mrv": 1, "food": 5})
    _review(spiky, {"stock": 1, "mrv": 1, "food": 5})
    _review(steady, {"stock": 2, "mrv": 2, "food": 2})
    client.force_login(UserFactory(role=roles.STC_CHAIR))
    by_mean = client.get(f"/en/review/calls/{call.year}/?sort=mean").content.decode()
    assert by_mean.index("Spiky") < by_mean.index("Steady")
    by_median = client.get(f"/en/review/calls/{call.year}/?sort=median").content.decode()
    assert by_median.index("Steady") < by_median.index("Spiky")
    assert '<a href="?sort=median">Median</a>' in by_median

    import csv
    from io import StringIO

    body = client.get(f"/en/review/calls/{call.year}/ranking.csv").content.decode("utf-8-sig")
    lines = list(csv.reader(StringIO(body)))
    assert lines[0][3:6] == ["Mean", "Median", "Spread"]
    spiky_line = next(line for line in lines if line[1] == "Spiky")
    assert spiky_line[3:5] == ["2.33", "1.00"]
    steady_line = next(line for line in lines if line[1] == "Steady")
    assert steady_line[3:5] == ["2.00", "2.00"]

    response = client.get(f"/en/review/calls/{call.year}/ranking.xlsx")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][4] == "Median"
    assert {row[1]: row[4] for row in rows[1:]} == {"Spiky": 1.0, "Steady": 2.0}


def test_a_funder_sees_the_median_of_a_funded_proposal(client):
    from .factories import decided_call

    old = decided_call()
    old.decisions_published_at = old.decision_date
    old.save()
    funded = SubmittedProposalFactory(call=old, title="Funded", status="decided", decision="positive")
    _review(funded, {"stock": 1, "mrv": 4})
    _review(funded, {"stock": 5, "mrv": 5})
    client.force_login(UserFactory(role=roles.FUNDER))
    body = client.get(f"/en/funders/{funded.pk}/").content.decode()
    assert "Mean: 3.75 · Median: 4.50" in body
