"""Any change to an organisation, its offices or themes drops the cached map data."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .cache import invalidate_map
from .models import Organisation, OrganisationOffice


@receiver(post_save, sender=Organisation)
@receiver(post_delete, sender=Organisation)
@receiver(post_save, sender=OrganisationOffice)
@receiver(post_delete, sender=OrganisationOffice)
@receiver(m2m_changed, sender=Organisation.themes.through)
def _drop_map_cache(**kwargs):
    transaction.on_commit(invalidate_map)
