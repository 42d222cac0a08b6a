"""Organizers (Moderators and Editors) manage qualifications and holders and see course
statistics; interns get none of it."""

from django.db import migrations

PERMISSIONS = [
    ("coursecompletion", "view_training_reports", "Can see course statistics and download completions"),
    ("qualification", "add_qualification", "Can add qualification"),
    ("qualification", "change_qualification", "Can change qualification"),
    ("qualification", "delete_qualification", "Can delete qualification"),
    ("qualification", "view_qualification", "Can view qualification"),
    ("qualificationgrant", "add_qualificationgrant", "Can add qualification holder"),
    ("qualificationgrant", "view_qualificationgrant", "Can view qualification holder"),
    ("qualificationgrant", "delete_qualificationgrant", "Can delete qualification holder"),
]
ORGANIZER_GROUPS = ("Moderators", "Editors")


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = []
    for model, codename, name in PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label="training", model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        permissions.append(permission)
    for group in Group.objects.filter(name__in=ORGANIZER_GROUPS):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0001_initial"),
        ("wagtailusers", "0001_initial"),
        ("wagtailcore", "0001_squashed_0016_change_page_url_path_to_text_field"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
