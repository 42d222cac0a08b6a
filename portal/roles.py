"""The roles of DESIGN.md's table as auth groups, and the permissions each role holds: one home.

Each app declares what its own models grant each role in one place, a `role_permissions`
attribute on its AppConfig (`{ORGANIZERS: ["app_label.codename", …], INTERNS: […]}`); this module
collects the declarations from the app registry, so it never names an upper app, and moving a
model to another app means moving its lines with it. `roles_apply()` makes the groups and grants
the declared permissions, idempotently. It runs after every `migrate` (and every test-database
flush) from a post_migrate receiver; demo seeders and tests call it too.

Administrators are superusers: they need no group. Volunteers and mentors need none either:
what they may do is decided by ownership (their own RSVPs, profile, pairs), not by permissions.
Old data migrations that set up the same groups stay for databases they already ran on.
"""

from django.apps import apps as global_apps

ORGANIZERS = "organizers"
INTERNS = "interns"

# Organizers are Wagtail's own editorial groups, so they keep its page and media permissions.
ORGANIZER_GROUPS = ("Moderators", "Editors")
INTERNS_GROUP = "Interns"
GROUPS = {ORGANIZERS: ORGANIZER_GROUPS, INTERNS: (INTERNS_GROUP,)}

# "Publishes pages": Wagtail grants these on a page (the root: the whole tree) and on a
# collection (the root: all images and documents), not through the group's own permissions.
PAGE_PERMISSIONS = {
    ORGANIZERS: ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
}
COLLECTION_PERMISSIONS = {
    ORGANIZERS: (
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ),
}


def declared_permissions() -> dict[str, set[str]]:
    """Every app's declaration merged: role → {"app_label.codename", …}."""
    merged: dict[str, set[str]] = {role: set() for role in GROUPS}
    for config in global_apps.get_app_configs():
        for role, permissions in getattr(config, "role_permissions", {}).items():
            if role not in GROUPS:
                raise ValueError(f"{config.label} declares permissions for unknown role {role!r}")
            merged[role].update(permissions)
    return merged


def roles_apply(*, using: str = "default") -> None:
    """Make the role groups and give each the permissions the apps declare (never takes any
    away: an administrator may have granted more by hand)."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    # Permissions are made by another post_migrate receiver that may not have run yet.
    for config in global_apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    _migration_made_permissions(using=using)
    wanted = declared_permissions()
    labels = {name.partition(".")[0] for names in wanted.values() for name in names}
    found = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.using(using)
        .filter(content_type__app_label__in=labels)
        .values_list("pk", "content_type__app_label", "codename")
    }
    for role, names in wanted.items():
        missing = sorted(names - set(found))
        if missing:
            raise LookupError(f"Role {role!r} is declared permissions that do not exist: {missing}")
        for group_name in GROUPS[role]:
            group, _created = Group.objects.using(using).get_or_create(name=group_name)
            group.permissions.add(*(found[name] for name in names))
            _tree_permissions(group=group, role=role, using=using)


# Permissions some libraries make in a data migration rather than in a model's Meta: a flush
# (transactional tests, `flush`) removes them and create_permissions() does not bring them back.
MIGRATION_MADE_PERMISSIONS = {
    "wagtail_localize.submit_translation": ("translation", "Can submit translations"),
}


def _migration_made_permissions(*, using: str) -> None:
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    for name, (model, label) in MIGRATION_MADE_PERMISSIONS.items():
        app_label, codename = name.split(".")
        if app_label not in {config.label for config in global_apps.get_app_configs()}:
            continue
        content_type, _created = ContentType.objects.using(using).get_or_create(
            app_label=app_label, model=model
        )
        Permission.objects.using(using).get_or_create(
            content_type=content_type, codename=codename, defaults={"name": label}
        )


def _tree_permissions(*, group, role: str, using: str) -> None:
    from django.contrib.auth.models import Permission
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    root_page = Page.objects.using(using).filter(depth=1).first()
    if root_page is not None:
        for permission in Permission.objects.using(using).filter(
            content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS.get(role, ())
        ):
            GroupPagePermission.objects.using(using).get_or_create(
                group=group, page=root_page, permission=permission
            )
    root_collection = Collection.objects.using(using).filter(depth=1).first()
    if root_collection is not None:
        for name in COLLECTION_PERMISSIONS.get(role, ()):
            app_label, codename = name.split(".")
            permission = Permission.objects.using(using).get(
                content_type__app_label=app_label, codename=codename
            )
            GroupCollectionPermission.objects.using(using).get_or_create(
                group=group, collection=root_collection, permission=permission
            )


def apply_after_migrate(sender, using="default", **kwargs) -> None:
    # Once per migrate, not once per app: the portal is the first app, so it goes first, and
    # roles_apply() makes every app's permissions itself.
    if sender.label == "portal":
        roles_apply(using=using)
