import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from partners.models import SheetRevision

from .factories import EditorFactory, OfficeFactory, OrganisationFactory, RevisionFactory

pytestmark = pytest.mark.django_db


def test_organisation_str_and_translated_description():
    org = OrganisationFactory(name="Institut du sol", acronym="IDS", slug="ids")
    assert str(org) == "Institut du sol (IDS)"
    from django.utils import translation

    with translation.override("fr"):
        assert org.description.startswith("Recherche sur le carbone")


def test_office_point_is_stored_in_4326():
    office = OfficeFactory()
    office.refresh_from_db()
    assert office.location.srid == 4326
    assert (round(office.location.x, 2), round(office.location.y, 2)) == (2.35, 48.85)


def test_one_editor_link_per_user_and_organisation():
    link = EditorFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        EditorFactory(user=link.user, organisation=link.organisation)


def test_at_most_one_pending_revision_per_organisation():
    first = RevisionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RevisionFactory(organisation=first.organisation)
    first.status = SheetRevision.Status.APPROVED
    first.decided_at = timezone.now()
    first.save()
    RevisionFactory(organisation=first.organisation)
    assert first.organisation.revisions.filter(status="pending").count() == 1


def test_a_decided_revision_needs_a_decision_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        RevisionFactory(status=SheetRevision.Status.RETURNED)


def test_unknown_college_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(college="aliens")
