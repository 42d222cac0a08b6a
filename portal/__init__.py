from . import converters  # noqa: F401  (registers <id:…> before any URL pattern is built)
from .celery import app as celery_app

__all__ = ["celery_app"]
