"""Any change to a sheet, to its vocabulary links or to the synonyms (which widen searches) drops the
cached counts of the list and the API, and the cached synonyms."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .cache import invalidate
from .models import Practice, Synonym, SynonymGroup


def _drop_counts(**kwargs):
    # Now (so that the rest of this transaction reads fresh counts) and again after the commit (so that
    # counts another request computed meanwhile from the old rows are not kept).
    invalidate()
    transaction.on_commit(invalidate)


receiver(post_save, sender=Practice)(_drop_counts)
receiver(post_delete, sender=Practice)(_drop_counts)
for _field in ("climate_zones", "soil_groups", "land_uses", "regions"):
    receiver(m2m_changed, sender=getattr(Practice, _field).through)(_drop_counts)
for _model in (Synonym, SynonymGroup):
    receiver(post_save, sender=_model)(_drop_counts)
    receiver(post_delete, sender=_model)(_drop_counts)
