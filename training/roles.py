"""Organizers' training rights: qualifications, holders, course statistics and completions.

The data migration sets these up on a new database; this does the same at run time for demo
seeding and for tests whose database was flushed after the migrations ran. Interns get none of
them: volunteers' training records are not theirs to see.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

ORGANIZER_GROUPS = ("Moderators", "Editors")

# (model, codename, name)
ORGANIZER_PERMISSIONS = [
    (
        "coursecompletion",
        "view_training_reports",
        "Can see course statistics and download completions",
    ),
    ("qualification", "add_qualification", "Can add qualification"),
    ("qualification", "change_qualification", "Can change qualification"),
    ("qualification", "delete_qualification", "Can delete qualification"),
    ("qualification", "view_qualification", "Can view qualification"),
    ("qualificationgrant", "add_qualificationgrant", "Can add qualification holder"),
    ("qualificationgrant", "view_qualificationgrant", "Can view qualification holder"),
    ("qualificationgrant", "delete_qualificationgrant", "Can delete qualification holder"),
]


def organizer_permissions() -> list[Permission]:
    permissions = []
    for model, codename, name in ORGANIZER_PERMISSIONS:
        content_type, _created = ContentType.objects.get_or_create(
            app_label="training", model=model
        )
        permission, _created = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        permissions.append(permission)
    return permissions


def ensure_roles() -> None:
    permissions = organizer_permissions()
    for group in Group.objects.filter(name__in=ORGANIZER_GROUPS):
        group.permissions.add(*permissions)


def may_see_reports(user) -> bool:
    return bool(
        user.is_active and (user.is_superuser or user.has_perm("training.view_training_reports"))
    )
