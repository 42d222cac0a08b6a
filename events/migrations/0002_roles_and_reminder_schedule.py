"""Interns get the check-in desk and nothing else; organizers run every desk; reminders are
checked every five minutes by Celery beat (editable in the admin's periodic tasks)."""

from django.db import migrations

DESK = ("use_checkin_desk", "Can use the check-in desk for assigned events")
ALL = ("manage_all_attendance", "Can run check-in for every event")
ORGANIZER_GROUPS = ("Moderators", "Editors")


def _permission(apps, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="events", model="rsvp")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    desk = _permission(apps, *DESK)
    everything = _permission(apps, *ALL)
    interns, _ = Group.objects.get_or_create(name="Interns")
    interns.permissions.add(access_admin, desk)
    for name in ORGANIZER_GROUPS:
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(desk, everything)

    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_five, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.get_or_create(
        name="Event reminders",
        defaults={"task": "events.send_due_reminders", "interval": every_five, "enabled": True},
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name="Event reminders"
    ).delete()
    apps.get_model("auth", "Group").objects.filter(name="Interns").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailusers", "0001_initial"),
        ("wagtailcore", "0001_squashed_0016_change_page_url_path_to_text_field"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
