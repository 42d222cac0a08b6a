"""The insights' one permission. There is no table: the model only carries the permission,
as Wagtail's own `wagtailadmin.access_admin` does."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InsightsAccess(models.Model):
    class Meta:
        managed = False
        db_table = "portal_insightsaccess"
        default_permissions = ()
        permissions = [("view_insights", _("Can see organizer insights"))]
        verbose_name = _("organizer insights")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


__all__ = ["InsightsAccess"]
