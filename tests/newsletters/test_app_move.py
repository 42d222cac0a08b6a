"""Newsletters and insights left the `portal` app: rows written before the move are read through
the new apps' models afterwards, Wagtail pages keep their type, organizers keep their permission.

The database is taken back to `portal 0005` (the last migration before the move) and forward
again with Django's MigrationExecutor; the rows are written with the historical models of then.
"""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Page

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_THE_MOVE = [("portal", "0005_insights_for_organizers")]
MOVED_NEWSLETTER_MODELS = {
    "delivery",
    "milestone",
    "newsletterdispatch",
    "newsletterindexpage",
    "newsletterpage",
    "newslettersettings",
    "shoutout",
    "suppression",
    "thankyouwallpage",
    "trackingevent",
}


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _write_before_the_move(old) -> dict:
    """A published newsletter page, its ledger and the organizers' insights permission, as
    the `portal` app held them."""
    ContentType_ = old.get_model("contenttypes", "ContentType")
    Locale = old.get_model("wagtailcore", "Locale")
    Group = old.get_model("auth", "Group")
    Permission_ = old.get_model("auth", "Permission")
    User = old.get_model("portal", "User")
    NewsletterPage = old.get_model("portal", "NewsletterPage")
    Delivery = old.get_model("portal", "Delivery")
    Suppression = old.get_model("portal", "Suppression")
    ShoutOut = old.get_model("portal", "ShoutOut")

    page_type, _ = ContentType_.objects.get_or_create(app_label="portal", model="newsletterpage")
    locale, _ = Locale.objects.get_or_create(language_code="en")
    page = NewsletterPage.objects.create(
        title="March update",
        draft_title="March update",
        slug="march-update-before-the-move",
        path="9999",  # a root-level node of its own, whatever tree the database holds
        depth=1,
        numchild=0,
        url_path="/march-update-before-the-move/",
        live=True,
        content_type=page_type,
        locale=locale,
        subject="What we did in March",
    )
    volunteer = User.objects.create(email="ana.before@example.org", password="!")
    Delivery.objects.create(
        newsletter=page,
        recipient=volunteer,
        email=volunteer.email,
        status="sent",
        sent_at=datetime(2026, 3, 1, 12, tzinfo=UTC),
    )
    Suppression.objects.create(email="gone.before@example.org", reason="bounced")
    ShoutOut.objects.create(recipient=volunteer, message="Thank you, Ana!", featured_in=page)

    access_type, _ = ContentType_.objects.get_or_create(app_label="portal", model="insightsaccess")
    permission, _ = Permission_.objects.get_or_create(
        content_type=access_type, codename="view_insights", defaults={"name": "Can see insights"}
    )
    organizers, _ = Group.objects.get_or_create(name="Organizers before the move")
    organizers.permissions.add(permission)
    organizer = User.objects.create(
        email="olga.before@example.org", password="!", is_staff=True, is_active=True
    )
    organizer.groups.add(organizers)

    # A `migrate` that ran while the models were back in `portal` (a rollback with today's code)
    # gave them fresh content types under the new label, with Django's default permissions.
    suppression_type = ContentType_.objects.get(app_label="portal", model="suppression")
    Permission_.objects.get_or_create(
        content_type=suppression_type, codename="view_suppression", defaults={"name": "View"}
    )
    stale, _ = ContentType_.objects.get_or_create(app_label="newsletters", model="suppression")
    Permission_.objects.get_or_create(
        content_type=stale, codename="view_suppression", defaults={"name": "View"}
    )
    Permission_.objects.get_or_create(
        content_type=stale, codename="export_suppression", defaults={"name": "Export"}
    )
    return {
        "page": page.pk,
        "volunteer": volunteer.pk,
        "organizer": organizer.pk,
        "suppression_type": suppression_type.pk,
    }


def test_rows_written_in_the_portal_app_are_read_through_the_new_apps():
    ids = _write_before_the_move(_migrate(BEFORE_THE_MOVE))

    _migrate(None)

    from portal.models import User
    from portal.newsletters.models import Delivery, NewsletterPage, ShoutOut, Suppression

    page = Page.objects.get(pk=ids["page"]).specific
    assert isinstance(page, NewsletterPage)
    assert page.subject == "What we did in March"
    assert ContentType.objects.get_for_id(page.content_type_id).app_label == "newsletters"

    (delivery,) = Delivery.objects.filter(newsletter=page)
    assert (delivery.recipient_id, delivery.status) == (ids["volunteer"], "sent")
    assert Suppression.objects.filter(email="gone.before@example.org", reason="bounced").exists()
    assert ShoutOut.objects.get(featured_in=page).message == "Thank you, Ana!"

    assert set(
        ContentType.objects.filter(app_label="newsletters").values_list("model", flat=True)
    ) >= {"newsletterpage", "delivery", "shoutout", "suppression"}
    assert not ContentType.objects.filter(
        app_label="portal", model__in=MOVED_NEWSLETTER_MODELS | {"insightsaccess"}
    ).exists()
    assert Permission.objects.filter(
        content_type__app_label="insights", codename="view_insights"
    ).exists()
    assert User.objects.get(pk=ids["organizer"]).has_perm("insights.view_insights")


def test_a_content_type_made_meanwhile_under_the_new_label_gives_way_to_the_moved_one():
    ids = _write_before_the_move(_migrate(BEFORE_THE_MOVE))

    _migrate(None)

    (suppression_type,) = ContentType.objects.filter(model="suppression")
    assert (suppression_type.pk, suppression_type.app_label) == (
        ids["suppression_type"],
        "newsletters",
    )
    assert sorted(
        Permission.objects.filter(content_type=suppression_type)
        .filter(codename__in=["view_suppression", "export_suppression"])
        .values_list("codename", flat=True)
    ) == ["export_suppression", "view_suppression"]
