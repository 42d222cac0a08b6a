"""The admin send screen, its JSON progress, test sends, scheduling, and the review screens."""

import pytest
from django.core import mail
from django.urls import reverse

from portal.newsletters.models import NewsletterDispatch, ShoutOut, Suppression
from tests.factories.newsletters import ShoutOutFactory, newsletter, subscriber
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client, organizer):
    client.force_login(organizer)
    return client


def test_send_screen_shows_the_recipient_count_before_sending(admin, home_page):
    for _ in range(3):
        subscriber()
    gone = subscriber()
    Suppression.objects.create(email=gone.user.email, reason="bounced")
    page = newsletter(home_page)

    response = admin.get(reverse("newsletters_admin:send", args=[page.pk]))

    assert response.status_code == 200
    assert response.context["summary"].to_send == 3
    assert response.context["summary"].suppressed == 1
    assert b"data-recipient-count>3<" in response.content
    assert b"newsletters-admin.js" in response.content


def test_the_newsletters_menu_lists_them(admin, home_page):
    page = newsletter(home_page, subject="Winter plans")
    response = admin.get(reverse("newsletters_admin:index"))
    assert response.status_code == 200 and b"Winter plans" in response.content
    edit = admin.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert reverse("newsletters_admin:send", args=[page.pk]).encode() in edit.content


def test_send_a_test_to_me_sends_the_draft_only_to_me(admin, organizer, home_page):
    subscriber()
    page = newsletter(home_page)
    page.subject = "Draft subject"
    page.save_revision()

    response = admin.post(reverse("newsletters_admin:send_test", args=[page.pk]))

    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [organizer.email]
    assert message.subject == "[Test] Draft subject"
    assert not NewsletterDispatch.objects.exists()


def test_scheduling_from_the_admin_and_cancelling(admin, home_page):
    page = newsletter(home_page)
    url = reverse("newsletters_admin:schedule", args=[page.pk])

    response = admin.post(url, {"send_at": "2099-01-02T09:30"}, follow=True)

    dispatch = NewsletterDispatch.objects.get()
    assert dispatch.status == "scheduled"
    assert dispatch.send_at.year == 2099
    assert b"Scheduled for" in response.content
    admin.post(reverse("newsletters_admin:cancel", args=[page.pk]))
    assert NewsletterDispatch.objects.get().status == "cancelled"


@pytest.mark.parametrize("value", ["", "tomorrow-ish", "2099-13-45T99:99"])
def test_a_bad_schedule_is_refused_with_a_message_and_changes_nothing(admin, home_page, value):
    page = newsletter(home_page)
    response = admin.post(
        reverse("newsletters_admin:schedule", args=[page.pk]), {"send_at": value}, follow=True
    )
    assert response.status_code == 200
    assert not NewsletterDispatch.objects.exists()
    assert list(response.context["messages"])


def test_send_now_sends_and_progress_reports_it(
    admin, home_page, django_capture_on_commit_callbacks
):
    subscriber()
    subscriber()
    page = newsletter(home_page)
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(
            reverse("newsletters_admin:schedule", args=[page.pk]),
            {"send_now": "1", "confirmed": "1"},
        )
    assert len(mail.outbox) == 2

    progress = admin.get(reverse("newsletters_admin:progress", args=[page.pk])).json()
    assert progress["status"] == "sent"
    assert (progress["sent"], progress["queued"], progress["total"]) == (2, 0, 2)


def test_pause_on_a_newsletter_that_is_not_sending_is_a_message_not_an_error(admin, home_page):
    page = newsletter(home_page)
    response = admin.post(reverse("newsletters_admin:pause", args=[page.pk]), follow=True)
    assert response.status_code == 200
    assert "not been scheduled" in str(next(iter(response.context["messages"])))


def test_people_who_cannot_publish_cannot_send(client, home_page):
    page = newsletter(home_page)
    editor = UserFactory(is_staff=True)
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    for name in ("send", "progress"):
        assert client.get(reverse(f"newsletters_admin:{name}", args=[page.pk])).status_code in (
            302,
            403,
        )
    client.post(
        reverse("newsletters_admin:schedule", args=[page.pk]), {"send_now": "1", "confirmed": "1"}
    )
    assert not NewsletterDispatch.objects.exists()


def test_wagtail_preview_shows_the_email_and_the_plain_text(rf, organizer, home_page):
    page = newsletter(home_page, subject="Preview me")
    request = rf.get("/")
    request.user = organizer
    email_html = page.serve_preview(request, "email").content.decode()
    text = page.serve_preview(request, "text")
    assert "<table" in email_html and "Preview me" in email_html
    assert "Unsubscribe" in email_html
    assert text["Content-Type"].startswith("text/plain")
    assert "We knocked on 4,000 doors" in text.content.decode()
    assert [mode for mode, _label in page.preview_modes] == ["", "email", "text"]


def test_organizers_review_nominations_in_the_admin(
    admin, home_page, django_capture_on_commit_callbacks
):
    pending = ShoutOutFactory(status="pending", approved_at=None)
    listing = admin.get(reverse("shoutouts:index"))
    assert listing.status_code == 200
    assert reverse("shoutout_approve", args=[pending.pk]).encode() in listing.content
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(reverse("shoutout_approve", args=[pending.pk]))
    pending.refresh_from_db()
    assert pending.status == "approved"
    assert mail.outbox[0].to == [pending.recipient.email]


def test_organizers_write_shout_outs_in_the_admin(
    admin, home_page, django_capture_on_commit_callbacks
):
    volunteer = subscriber()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("shoutouts:add"),
            {"recipient": volunteer.user.pk, "message": "Thanks for the flyers!"},
        )
    assert response.status_code == 302
    assert ShoutOut.objects.get().status == "approved"
    assert mail.outbox[0].to == [volunteer.user.email]


def test_suppressions_added_in_the_admin_go_through_the_service(admin, home_page):
    response = admin.post(
        reverse("suppressions:add"),
        {"email": "Someone@Example.org", "reason": "unsubscribed", "detail": "Asked by phone"},
    )
    assert response.status_code == 302
    assert Suppression.objects.get().email == "someone@example.org"
    assert admin.get(reverse("suppressions:index")).status_code == 200


def test_send_now_asks_to_confirm_with_the_recipient_count_before_sending(admin, home_page):
    subscriber()
    subscriber()
    page = newsletter(home_page)
    response = admin.post(reverse("newsletters_admin:schedule", args=[page.pk]), {"send_now": "1"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Send it now to 2 people?" in content
    assert 'name="confirmed"' in content
    assert not NewsletterDispatch.objects.exists()
    assert not mail.outbox


def test_the_newsletters_screen_has_a_create_button(admin, home_page):
    from portal.newsletters.models import NewsletterIndexPage

    archive = NewsletterIndexPage.objects.first() or newsletter(home_page).get_parent()
    content = admin.get(reverse("newsletters_admin:index")).content.decode()
    add_url = reverse("wagtailadmin_pages:add", args=("newsletters", "newsletterpage", archive.pk))
    assert f'href="{add_url}"' in content
    assert "New newsletter" in content
