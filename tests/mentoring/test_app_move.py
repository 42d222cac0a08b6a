"""Mentoring moved out of the recruitment app into its own (label `mentoring`). These tests prove
that a database made before the move keeps every row and every grant, and that the floors hold:
recruitment, and everything below floor 5, never imports mentoring."""

import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from recruitment.mentoring.models import MentorPair, MentorProfile
from tests.factories.recruitment import VolunteerFactory

LAST_BEFORE_THE_MOVE = ("recruitment", "0009_volunteer_show_on_leaderboard")
MOVED = {
    "matchingrun",
    "mentoringnotice",
    "mentorpair",
    "mentorprofile",
    "mentorrequest",
    "paircheckin",
    "pairfeedback",
    "proposedpair",
}
ROOT = Path(__file__).resolve().parents[2]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    # The migrations changed content types behind the ORM's cache.
    ContentType.objects.clear_cache()


def _before_the_move():
    """Unapply mentoring 0001 and recruitment 0010; the models as they were then."""
    _migrate([("mentoring", None), LAST_BEFORE_THE_MOVE])
    return MigrationExecutor(connection).loader.project_state(LAST_BEFORE_THE_MOVE).apps


def _latest() -> None:
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_rows_grants_and_content_types_survive_the_move_to_the_mentoring_app():
    mentor, newcomer = VolunteerFactory(), VolunteerFactory()
    old_apps = _before_the_move()
    try:
        # As the recruitment app stored them before the move, through its own models.
        OldProfile = old_apps.get_model("recruitment", "MentorProfile")
        OldPair = old_apps.get_model("recruitment", "MentorPair")
        profile = OldProfile.objects.create(
            volunteer_id=mentor.pk, capacity=3, languages=["es"], status="approved"
        )
        pair = OldPair.objects.create(mentor_id=mentor.pk, newcomer_id=newcomer.pk)
        OldContentType = old_apps.get_model("contenttypes", "ContentType")
        OldPermission = old_apps.get_model("auth", "Permission")
        OldGroup = old_apps.get_model("auth", "Group")
        assert not OldContentType.objects.filter(app_label="mentoring").exists()
        manage = OldPermission.objects.get(
            codename="manage_mentoring", content_type__app_label="recruitment"
        )
        organizers = OldGroup.objects.create(name="Mentoring organizers")
        organizers.permissions.add(manage)
        # A `mentoring` row made before the migration ran (e.g. by a post_migrate that already
        # saw the new app) must be merged with recruitment's, grants included.
        old_pair_type = OldContentType.objects.get(app_label="recruitment", model="mentorpair")
        viewers = OldGroup.objects.create(name="Pair viewers")
        viewers.permissions.add(
            OldPermission.objects.get_or_create(
                content_type=old_pair_type,
                codename="view_mentorpair",
                defaults={"name": "Can view mentoring pair"},
            )[0]
        )
        early = OldContentType.objects.create(app_label="mentoring", model="mentorpair")
        early_view = OldPermission.objects.create(
            content_type=early, codename="view_mentorpair", name="Can view mentoring pair"
        )
        early_viewers = OldGroup.objects.create(name="Early pair viewers")
        early_viewers.permissions.add(early_view)
    finally:
        _latest()

    stored = MentorProfile.objects.get(pk=profile.pk)
    assert (stored.volunteer_id, stored.capacity, stored.languages) == (mentor.pk, 3, ["es"])
    assert MentorPair.objects.get(pk=pair.pk).newcomer_id == newcomer.pk
    assert not ContentType.objects.filter(app_label="recruitment", model__in=MOVED).exists()
    assert ContentType.objects.get_for_model(MentorProfile).app_label == "mentoring"
    assert ContentType.objects.filter(app_label="mentoring", model="mentorpair").count() == 1
    assert Group.objects.get(name="Mentoring organizers").permissions.get().natural_key() == (
        "manage_mentoring",
        "mentoring",
        "mentorprofile",
    )
    for name in ("Pair viewers", "Early pair viewers"):
        assert Group.objects.get(name=name).permissions.get().natural_key() == (
            "view_mentorpair",
            "mentoring",
            "mentorpair",
        )
    assert Permission.objects.filter(codename="view_mentorpair").count() == 1


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside functions."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


# Floor 5 and the top wiring may use mentoring; nothing else may.
ALLOWED = ("recruitment/mentoring/", "portal/insights/", "portal/dashboard/", "portal/settings/")
ALLOWED_FILES = ("portal/urls.py", "portal/celery.py")
