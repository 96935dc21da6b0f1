import pytest
from django.db.models.signals import post_save


@pytest.fixture(scope="session", autouse=True)
def _restore_pages_without_resyncing_locales():
    """Browser journeys use serialized_rollback to get the migrations' content back after each live-server
    test. wagtail-localize re-synchronises the page trees whenever a LocaleSynchronization row is saved,
    even when the row is being restored from the serialized copy before the pages it points to; the trees
    come back from that same copy, so the hook is off for these tests."""
    from wagtail_localize.models import LocaleSynchronization, sync_trees_on_locale_sync_save

    post_save.disconnect(sync_trees_on_locale_sync_save, sender=LocaleSynchronization)
    yield
    post_save.connect(sync_trees_on_locale_sync_save, sender=LocaleSynchronization)


@pytest.fixture(scope="session", autouse=True)
def _serialized_database(django_db_setup, django_db_blocker):
    """The copy of the migrated database that serialized_rollback restores, read before Playwright starts."""
    from django.db import connections

    return getattr(connections["default"], "_test_serialized_contents", None)


@pytest.fixture(autouse=True)
def _keep_serialized_database(_serialized_database):
    """Once Playwright's sync API has started its event loop, Django hands this thread a fresh connection
    object (asgiref's context-local storage), which lacks the serialized copy; without it the flush after a
    live-server test re-runs post_migrate instead of restoring the migrated content for the next test.
    Give the copy to whatever connection object the test uses."""
    from django.db import connections

    connection = connections["default"]
    if _serialized_database is not None and not hasattr(connection, "_test_serialized_contents"):
        connection._test_serialized_contents = _serialized_database
    yield
