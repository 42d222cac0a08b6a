"""Organizers see every RSVP in the admin's read-only RSVP listing; interns do not."""

from django.db import migrations

ORGANIZER_GROUPS = ("Moderators", "Editors")


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    rsvp_type, _ = ContentType.objects.get_or_create(app_label="events", model="rsvp")
    view, _ = Permission.objects.get_or_create(
        content_type=rsvp_type, codename="view_rsvp", defaults={"name": "Can view RSVP"}
    )
    for group in Group.objects.filter(name__in=ORGANIZER_GROUPS):
        group.permissions.add(view)


class Migration(migrations.Migration):
    dependencies = [("events", "0002_roles_and_reminder_schedule")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
