"""The ledger: one row per (newsletter, recipient), exclusive claims, nobody twice or skipped."""

import email
from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError
from django.utils import timezone

from portal.newsletters import delivery, services
from portal.newsletters.models import Delivery, NewsletterDispatch
from tests.factories.newsletters import newsletter, subscriber

pytestmark = pytest.mark.django_db


def _start(page, run_on_commit):
    run_on_commit(services.newsletter_schedule, newsletter=page, send_at=timezone.now())


def test_sending_reaches_each_consenting_person_exactly_once(home_page, run_on_commit):
    people = [subscriber() for _ in range(5)]
    page = newsletter(home_page)

    _start(page, run_on_commit)

    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted(person.user.email for person in people)
    assert Delivery.objects.filter(newsletter=page, status="sent").count() == 5
    assert NewsletterDispatch.objects.get(newsletter=page).status == "sent"
    # Running the whole pipeline again sends nothing more.
    services.newsletter_start(newsletter_id=page.pk)
    delivery.newsletter_deliver(newsletter_id=page.pk)
    assert len(mail.outbox) == 5


def test_unconfirmed_and_non_consenting_people_are_never_queued(home_page):
    keen = subscriber()
    subscriber(confirmed=False)
    subscriber(email_consent=False)
    subscriber(email_consent=None)
    withdrew = subscriber()
    from recruitment.models import Consent

    Consent.objects.create(
        volunteer=withdrew,
        channel="email",
        granted=False,
        wording_version="email-test",
        source="dashboard",
    )
    page = newsletter(home_page)

    result = delivery.deliveries_queue(newsletter=page)

    assert result.queued == 1
    assert list(Delivery.objects.values_list("recipient_id", flat=True)) == [keen.user_id]


def test_the_ledger_refuses_a_second_row_for_the_same_person(home_page):
    person = subscriber()
    page = newsletter(home_page)
    delivery.deliveries_queue(newsletter=page)
    delivery.deliveries_queue(newsletter=page)
    assert Delivery.objects.count() == 1
    with pytest.raises(IntegrityError):
        Delivery.objects.create(newsletter=page, recipient=person.user, email=person.user.email)


def test_suppressed_addresses_are_counted_and_never_sent(home_page, run_on_commit):
    kept = subscriber()
    gone = subscriber()
    services.suppression_add(email=gone.user.email.upper(), reason="bounced", source="test")
    page = newsletter(home_page)

    _start(page, run_on_commit)

    assert [message.to[0] for message in mail.outbox] == [kept.user.email]
    assert Delivery.objects.get(recipient=gone.user).status == "suppressed"


def test_unsubscribing_during_a_send_is_respected(home_page):
    first, second = subscriber(), subscriber()
    page = newsletter(home_page)
    NewsletterDispatch.objects.create(newsletter=page, status="sending", send_at=timezone.now())
    delivery.deliveries_queue(newsletter=page)
    services.newsletter_unsubscribe(email=second.user.email, source="test")

    delivery.newsletter_deliver(newsletter_id=page.pk)

    assert [message.to[0] for message in mail.outbox] == [first.user.email]
    assert Delivery.objects.get(recipient=second.user).status == "suppressed"


def test_weekly_limit_skips_and_counts_people_who_had_enough(home_page, run_on_commit, settings):
    busy, calm = subscriber(), subscriber()
    earlier = [newsletter(home_page) for _ in range(3)]
    for page in earlier:
        Delivery.objects.create(
            newsletter=page,
            recipient=busy.user,
            email=busy.user.email,
            status="sent",
            sent_at=timezone.now() - timedelta(days=2),
        )
    old = newsletter(home_page)
    Delivery.objects.create(
        newsletter=old,
        recipient=calm.user,
        email=calm.user.email,
        status="sent",
        sent_at=timezone.now() - timedelta(days=9),
    )
    page = newsletter(home_page)

    _start(page, run_on_commit)

    assert [message.to[0] for message in mail.outbox] == [calm.user.email]
    assert Delivery.objects.get(newsletter=page, recipient=busy.user).status == "capped"
    assert delivery.delivery_progress(newsletter_id=page.pk)["capped"] == 1


def test_two_claims_never_share_a_row(home_page, settings):
    for _ in range(7):
        subscriber()
    page = newsletter(home_page)
    delivery.deliveries_queue(newsletter=page)

    token_a, rows_a = delivery.delivery_claim_batch(newsletter_id=page.pk, size=4)
    token_b, rows_b = delivery.delivery_claim_batch(newsletter_id=page.pk, size=4)
    _token_c, rows_c = delivery.delivery_claim_batch(newsletter_id=page.pk, size=4)

    assert len(rows_a) == 4 and len(rows_b) == 3 and rows_c == []
    assert not {row.pk for row in rows_a} & {row.pk for row in rows_b}
    assert token_a != token_b


def test_rows_of_a_dead_worker_are_sent_after_the_lease_and_sent_rows_never_again(home_page):
    people = [subscriber() for _ in range(4)]
    page = newsletter(home_page)
    NewsletterDispatch.objects.create(newsletter=page, status="sending", send_at=timezone.now())
    delivery.deliveries_queue(newsletter=page)
    # A worker claims everything, sends one message and dies.
    token, rows = delivery.delivery_claim_batch(newsletter_id=page.pk, size=10)
    renders = delivery.RenderCache(page)
    delivery.delivery_send_batch(newsletter=page, token=token, rows=rows[:1], renders=renders)
    assert len(mail.outbox) == 1

    # Before the lease runs out nobody may take the rows.
    assert delivery.delivery_claim_batch(newsletter_id=page.pk)[1] == []
    Delivery.objects.filter(status="claimed").update(
        lease_expires_at=timezone.now() - timedelta(seconds=1)
    )
    delivery.newsletter_deliver(newsletter_id=page.pk)

    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted(person.user.email for person in people)
    assert NewsletterDispatch.objects.get(newsletter=page).status == "sent"


def test_each_message_carries_one_click_unsubscribe_and_a_plain_text_part(home_page, run_on_commit):
    person = subscriber()
    page = newsletter(home_page)

    _start(page, run_on_commit)

    (message,) = mail.outbox
    parsed = email.message_from_bytes(message.message().as_bytes())
    # Long headers are folded on the wire; unfolded they read the same.
    unfolded = " ".join(parsed["List-Unsubscribe"].split())
    link, mailto = [part.strip(" <>") for part in unfolded.split(",")]
    assert link.startswith("http://testserver/unsubscribe/")
    assert mailto.startswith("mailto:") and mailto.endswith("?subject=unsubscribe")
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    types = [part.get_content_type() for part in parsed.walk()]
    assert "text/plain" in types and "text/html" in types
    assert link in message.body
    assert link in message.alternatives[0][0]
    assert "We knocked on 4,000 doors" in message.body
    stored = Delivery.objects.get(recipient=person.user)
    assert stored.message_id == parsed["Message-ID"]


def test_spanish_preferring_people_get_the_spanish_translation(home_page, spanish, run_on_commit):
    english = subscriber(preferred_language="en")
    hispanohablante = subscriber(preferred_language="es")
    page = newsletter(home_page, subject="Our November")
    from wagtail.models import Locale  # noqa: F401

    home_es = home_page.copy_for_translation(spanish)
    home_es.save_revision().publish()
    index_es = page.get_parent().specific.copy_for_translation(spanish)
    index_es.save_revision().publish()
    page_es = page.copy_for_translation(spanish)
    page_es.subject = "Nuestro noviembre"
    page_es.save_revision().publish()

    _start(page, run_on_commit)

    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {
        english.user.email: "Our November",
        hispanohablante.user.email: "Nuestro noviembre",
    }
    spanish_message = next(m for m in mail.outbox if m.to[0] == hispanohablante.user.email)
    assert "/es/unsubscribe/" in spanish_message.extra_headers["List-Unsubscribe"]


def test_pause_stops_between_batches_and_resume_finishes(home_page, settings, run_on_commit):
    settings.NEWSLETTER_BATCH_SIZE = 2
    for _ in range(5):
        subscriber()
    page = newsletter(home_page)
    NewsletterDispatch.objects.create(newsletter=page, status="sending", send_at=timezone.now())
    delivery.deliveries_queue(newsletter=page)

    delivery.newsletter_deliver(newsletter_id=page.pk, max_batches=1)
    services.newsletter_pause(newsletter=page)
    delivery.newsletter_deliver(newsletter_id=page.pk)
    assert len(mail.outbox) == 2

    run_on_commit(services.newsletter_resume, newsletter=page)
    assert len(mail.outbox) == 5
    assert NewsletterDispatch.objects.get(newsletter=page).status == "sent"


def test_scheduled_newsletters_start_when_due_and_not_before(home_page, run_on_commit):
    subscriber()
    page = newsletter(home_page)
    run_on_commit(
        services.newsletter_schedule,
        newsletter=page,
        send_at=timezone.now() + timedelta(hours=1),
    )
    assert services.newsletters_start_due() == 0
    assert mail.outbox == []

    NewsletterDispatch.objects.filter(newsletter=page).update(
        send_at=timezone.now() - timedelta(minutes=1)
    )
    assert run_on_commit(services.newsletters_start_due) == 1
    assert len(mail.outbox) == 1


def test_a_draft_newsletter_cannot_be_scheduled(home_page):
    from django.core.exceptions import ValidationError

    page = newsletter(home_page, publish=False)
    with pytest.raises(ValidationError):
        services.newsletter_schedule(newsletter=page, send_at=timezone.now())
    assert not NewsletterDispatch.objects.exists()


def test_a_recipient_refused_by_the_server_is_failed_and_the_rest_still_sent(
    home_page, monkeypatch
):
    import smtplib

    good, bad = subscriber(), subscriber()
    page = newsletter(home_page)
    NewsletterDispatch.objects.create(newsletter=page, status="sending", send_at=timezone.now())
    delivery.deliveries_queue(newsletter=page)
    from django.core.mail.backends.locmem import EmailBackend

    original = EmailBackend.send_messages

    def refusing(self, messages):
        if messages[0].to[0] == bad.user.email:
            raise smtplib.SMTPRecipientsRefused({bad.user.email: (550, b"no such user")})
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refusing)
    delivery.newsletter_deliver(newsletter_id=page.pk)

    assert [message.to[0] for message in mail.outbox] == [good.user.email]
    assert Delivery.objects.get(recipient=bad.user).status == "failed"
    assert NewsletterDispatch.objects.get(newsletter=page).status == "sent"


def test_the_queue_and_the_admin_preview_classify_recipients_by_one_rule(home_page):
    from portal.newsletters.selectors import newsletter_audience_summary
    from portal.newsletters.services import suppression_add

    busy, calm, gone = subscriber(), subscriber(), subscriber()
    for earlier in [newsletter(home_page) for _ in range(3)]:
        Delivery.objects.create(
            newsletter=earlier,
            recipient=busy.user,
            email=busy.user.email,
            status="sent",
            sent_at=timezone.now() - timedelta(days=2),
        )
    suppression_add(email=gone.user.email, reason="bounced")
    page = newsletter(home_page)
    rows = [(person.user_id, person.user.email, "en") for person in (busy, calm, gone)]
    assert delivery.recipients_classify(newsletter=page, rows=rows) == [
        Delivery.Status.CAPPED,
        Delivery.Status.QUEUED,
        Delivery.Status.SUPPRESSED,
    ]
    assert delivery.recipients_classify(newsletter=page, rows=rows, limit=4)[0] == "queued"
    summary = newsletter_audience_summary(newsletter=page)
    assert (summary.total, summary.to_send, summary.suppressed, summary.capped) == (3, 1, 1, 1)
