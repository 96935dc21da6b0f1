"""Storage for confidential files (proposal documents): outside MEDIA_ROOT, so no web server or media
route can ever serve them; only permission-checked views read them."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Files under settings.PRIVATE_MEDIA_ROOT (read on every use, so tests can point it elsewhere)."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through a permission-checked view.")

    def deconstruct(self):
        return ("portal.storage.PrivateStorage", [], {})


def private_storage():
    return PrivateStorage()
