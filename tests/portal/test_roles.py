"""Roles have one home (portal/roles.py): every app's declaration is applied by one function that
migrate, the demo seeders and tests all call (issue 13, item 5)."""

from django.contrib.auth.models import Group

from portal.roles import (
    GROUPS,
    INTERNS,
    INTERNS_GROUP,
    ORGANIZER_GROUPS,
    ORGANIZERS,
    declared_permissions,
    roles_apply,
)

ORGANIZER_AREAS = [
    "/admin/volunteers/",
    "/admin/volunteers/?export=csv",
    "/admin/partners/",
    "/admin/internship_applications/",
    "/admin/recruitment/demographics/",
    "/admin/recruitment/import/",
    "/admin/shoutouts/",
    "/admin/suppressions/",
    "/admin/snippets/home/office/",
]


def _held(group_name: str) -> set[str]:
    return {
        f"{app_label}.{codename}"
        for app_label, codename in Group.objects.get(name=group_name).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_each_app_declares_its_own_models_permissions():
    declared = declared_permissions()
    assert "recruitment.view_volunteer" in declared[ORGANIZERS]
    assert "events.use_checkin_desk" in declared[INTERNS]
    # Interns see no volunteer's data and publish nothing.
    assert not {name for name in declared[INTERNS] if name.startswith(("recruitment.", "portal."))}


def test_roles_apply_rebuilds_flushed_groups_and_is_idempotent(db):
    Group.objects.filter(name__in=[*ORGANIZER_GROUPS, INTERNS_GROUP]).delete()
    roles_apply()
    roles_apply()
    declared = declared_permissions()
    for role, names in GROUPS.items():
        for name in names:
            assert _held(name) >= declared[role]
    assert _held(INTERNS_GROUP) == declared[INTERNS]


def test_demo_organizer_reaches_every_organizer_area(client, home_page):
    from django.contrib.auth import get_user_model

    from portal.insights import demo

    demo._organizer()
    organizer = get_user_model().objects.get(email=demo.ORGANIZER_EMAIL)
    assert not organizer.is_superuser
    client.force_login(organizer)
    answers = {url: client.get(url).status_code for url in ORGANIZER_AREAS}
    assert answers == dict.fromkeys(ORGANIZER_AREAS, 200)
