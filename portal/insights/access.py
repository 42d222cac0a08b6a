"""Who may see insights: organizers and administrators. Interns never do (403 everywhere)."""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from events.roles import ORGANIZER_GROUPS
from portal.insights.models import InsightsAccess

PERMISSION = "insights.view_insights"


def may_view_insights(user) -> bool:
    return bool(
        user is not None
        and user.is_active
        and user.is_staff
        and (user.is_superuser or user.has_perm(PERMISSION))
    )


def ensure_organizer_access() -> Permission:
    """Give the organizer groups the permission (the migration does this on a new database; demo
    seeding and tests whose database was flushed call this)."""
    content_type = ContentType.objects.get_for_model(InsightsAccess, for_concrete_model=False)
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_insights",
        defaults={"name": "Can see organizer insights"},
    )
    for group in Group.objects.filter(name__in=ORGANIZER_GROUPS):
        group.permissions.add(permission)
    return permission
