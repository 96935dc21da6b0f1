"""Any change to what a cached answer shows drops that answer (partners/cache.py): organisations,
their offices and themes for the map; initiatives, their roles and links, and organisations for the
initiatives CSV. The versions move once the change is committed."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .cache import invalidate_initiatives, invalidate_map
from .models import Initiative, InitiativeRole, Organisation, OrganisationOffice


@receiver(post_save, sender=Organisation)
@receiver(post_delete, sender=Organisation)
@receiver(post_save, sender=OrganisationOffice)
@receiver(post_delete, sender=OrganisationOffice)
@receiver(m2m_changed, sender=Organisation.themes.through)
def _drop_map_cache(**kwargs):
    transaction.on_commit(invalidate_map)


@receiver(post_save, sender=Organisation)
@receiver(post_delete, sender=Organisation)
@receiver(post_save, sender=Initiative)
@receiver(post_delete, sender=Initiative)
@receiver(post_save, sender=InitiativeRole)
@receiver(post_delete, sender=InitiativeRole)
@receiver(m2m_changed, sender=Initiative.themes.through)
@receiver(m2m_changed, sender=Initiative.regions.through)
@receiver(m2m_changed, sender=Initiative.objectives.through)
def _drop_initiatives_cache(**kwargs):
    transaction.on_commit(invalidate_initiatives)
