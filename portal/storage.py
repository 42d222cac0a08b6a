"""Where uploaded files live: the public media storage and the private one.

`STORAGES["default"]` holds public files (Wagtail images and documents) and `STORAGES["private"]`
holds files only the portal's permission-checked views may hand out (internship résumés). Both
are the local filesystem unless production settings choose S3-compatible object storage
(`portal.settings.s3.s3_storages`).
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.utils.functional import LazyObject, empty


class PrivateFileSystemStorage(FileSystemStorage):
    """Files that must never be reachable by URL: outside MEDIA_ROOT, without a base URL. The
    folder is read from settings on each use so tests can point it elsewhere."""

    @property
    def base_location(self):
        return str(
            getattr(settings, "RECRUITMENT_PRIVATE_ROOT", Path(settings.VAR_DIR) / "private")
        )

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    @property
    def base_url(self):
        return None


class PrivateStorage(LazyObject):
    """`storages["private"]`, looked up when first used rather than when models load, so a
    model field can name it and a changed STORAGES setting (tests) is followed."""

    def _setup(self):
        self._wrapped = storages["private"]


private_storage = PrivateStorage()


def _private_storage_forget(*, setting, **kwargs):
    # Django forgets its own storages when STORAGES changes; this proxy must follow.
    if setting == "STORAGES":
        private_storage._wrapped = empty


setting_changed.connect(_private_storage_forget, dispatch_uid="portal.storage.private_forget")
