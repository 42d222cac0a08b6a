"""Organizers (Wagtail's Moderators and Editors groups) may see insights; interns may not."""

from django.db import migrations

ORGANIZER_GROUPS = ("Moderators", "Editors")


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="portal", model="insightsaccess")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_insights",
        defaults={"name": "Can see organizer insights"},
    )
    for group in Group.objects.filter(name__in=ORGANIZER_GROUPS):
        group.permissions.add(permission)


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="portal", codename="view_insights"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_insights"),
        ("wagtailcore", "0001_squashed_0016_change_page_url_path_to_text_field"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
