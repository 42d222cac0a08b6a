"""The Interns group and organizers' check-in rights.

The data migration sets these up on a new database; this does the same at run time for demo
seeding and for tests whose database was flushed after the migrations ran.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from events.forms_admin import INTERNS_GROUP
from events.models import RSVP

ORGANIZER_GROUPS = ("Moderators", "Editors")


def ensure_roles() -> Group:
    rsvp_type = ContentType.objects.get_for_model(RSVP)
    desk, _created = Permission.objects.get_or_create(
        content_type=rsvp_type,
        codename="use_checkin_desk",
        defaults={"name": "Can use the check-in desk for assigned events"},
    )
    everything, _created = Permission.objects.get_or_create(
        content_type=rsvp_type,
        codename="manage_all_attendance",
        defaults={"name": "Can run check-in for every event"},
    )
    admin_type, _created = ContentType.objects.get_or_create(
        app_label="wagtailadmin", model="admin"
    )
    access_admin, _created = Permission.objects.get_or_create(
        content_type=admin_type,
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    view_rsvps = Permission.objects.get(content_type=rsvp_type, codename="view_rsvp")
    interns, _created = Group.objects.get_or_create(name=INTERNS_GROUP)
    interns.permissions.add(access_admin, desk)
    for group in Group.objects.filter(name__in=ORGANIZER_GROUPS):
        group.permissions.add(desk, everything, view_rsvps)
    return interns
