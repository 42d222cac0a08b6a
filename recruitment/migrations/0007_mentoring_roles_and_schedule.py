"""Organizers (Moderators, Editors) run mentor matching; interns do not. Check-in reminders and
feedback requests are looked for every hour by Celery beat (editable in the admin's periodic
tasks)."""

from django.db import migrations

ORGANIZER_GROUPS = ("Moderators", "Editors")
TASK_NAME = "Mentoring check-ins and feedback"


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="recruitment", model="mentorprofile")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="manage_mentoring",
        defaults={"name": "Can run mentor matching and manage pairs"},
    )
    for group in Group.objects.filter(name__in=ORGANIZER_GROUPS):
        group.permissions.add(permission)

    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    hourly, _ = IntervalSchedule.objects.get_or_create(every=1, period="hours")
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={"task": "recruitment.mentoring_send_due", "interval": hourly, "enabled": True},
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("recruitment", "0006_mentoring"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("wagtailusers", "0001_initial"),
        ("wagtailcore", "0001_squashed_0016_change_page_url_path_to_text_field"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
