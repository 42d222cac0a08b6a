"""Mentoring services: offers, requests, matching runs, hand edits, publishing, a pair's life."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from recruitment.mentoring import selectors, services
from recruitment.mentoring.models import (
    MatchingRun,
    MentoringNotice,
    MentorPair,
    MentorProfile,
    MentorRequest,
    PairCheckIn,
    PairFeedback,
    ProposedPair,
)
from recruitment.mentoring.services import MentoringError
from recruitment.models import Signup
from tests.events.helpers import rsvp
from tests.factories.events import event_index, make_event
from tests.factories.mentoring import MentorProfileFactory, MentorRequestFactory
from tests.factories.recruitment import VolunteerFactory

pytestmark = pytest.mark.django_db


def run_and_publish(django_capture_on_commit_callbacks, **kwargs):
    run = services.matching_run_create()
    with django_capture_on_commit_callbacks(execute=True):
        return run, services.proposal_publish(run=run, **kwargs)


# --- Offers and requests ------------------------------------------------------------------


@pytest.mark.parametrize("capacity", [0, -1, 11, "2"])
def test_offer_with_capacity_out_of_range_is_refused_and_nothing_is_saved(capacity):
    volunteer = VolunteerFactory()
    with pytest.raises(MentoringError, match="from 1 to 10"):
        services.mentor_offer(volunteer=volunteer, capacity=capacity, languages=["en"])
    assert not MentorProfile.objects.exists()


def test_the_database_refuses_a_capacity_below_one_too():
    profile = MentorProfileFactory()
    profile.capacity = 0
    with pytest.raises(IntegrityError), transaction.atomic():
        profile.save()


def test_offer_needs_a_language_and_waits_for_approval():
    volunteer = VolunteerFactory()
    with pytest.raises(MentoringError, match="language"):
        services.mentor_offer(volunteer=volunteer, capacity=2, languages=["xx"])
    profile = services.mentor_offer(
        volunteer=volunteer,
        capacity=2,
        languages=["es", "en", "es"],
        interests=["phone_banking", "nonsense"],
        share_phone=True,
    )
    assert profile.status == MentorProfile.Status.PENDING
    assert profile.languages == ["es", "en"] and profile.interests == ["phone_banking"]
    approved = services.mentor_set_status(profile=profile, status="approved")
    assert approved.approved_at is not None
    # Changing the offer later keeps the approval.
    again = services.mentor_offer(volunteer=volunteer, capacity=3, languages=["en"])
    assert again.pk == profile.pk and again.status == MentorProfile.Status.APPROVED


def test_offer_cannot_drop_below_the_newcomers_already_mentored():
    profile = MentorProfileFactory(capacity=2)
    for _ in range(2):
        MentorPair.objects.create(mentor=profile.volunteer, newcomer=VolunteerFactory())
    with pytest.raises(MentoringError, match="mentoring 2 newcomers"):
        services.mentor_offer(volunteer=profile.volunteer, capacity=1, languages=["en"])
    profile.refresh_from_db()
    assert profile.capacity == 2


def test_one_open_request_at_a_time_and_none_while_paired():
    newcomer = VolunteerFactory()
    services.mentor_request_create(newcomer=newcomer)
    with pytest.raises(MentoringError, match="already asked"):
        services.mentor_request_create(newcomer=newcomer)
    other = VolunteerFactory()
    MentorPair.objects.create(mentor=VolunteerFactory(), newcomer=other)
    with pytest.raises(MentoringError, match="already have a mentor"):
        services.mentor_request_create(newcomer=other)
    assert MentorRequest.objects.count() == 1


def test_request_rules_self_mentor_and_required_language():
    profile = MentorProfileFactory()
    with pytest.raises(MentoringError, match="own mentor"):
        services.mentor_request_create(newcomer=profile.volunteer, preferred_mentor=profile)
    with pytest.raises(MentoringError, match="must speak"):
        services.mentor_request_create(newcomer=VolunteerFactory(), language_required=True)
    with pytest.raises(MentoringError, match="language from the list"):
        services.mentor_request_create(newcomer=VolunteerFactory(), language="xx")
    assert not MentorRequest.objects.exists()


def test_the_database_allows_one_active_pair_per_newcomer_and_no_self_pair():
    mentor, newcomer = VolunteerFactory(), VolunteerFactory()
    MentorPair.objects.create(mentor=mentor, newcomer=newcomer)
    with pytest.raises(IntegrityError), transaction.atomic():
        MentorPair.objects.create(mentor=VolunteerFactory(), newcomer=newcomer)
    with pytest.raises(IntegrityError), transaction.atomic():
        MentorPair.objects.create(mentor=mentor, newcomer=mentor)


# --- Matching runs ------------------------------------------------------------------------


def test_run_proposes_the_best_pairs_with_explanations_and_reasons_for_the_rest():
    spanish = MentorProfileFactory(languages=["en", "es"], interests=["phone_banking"], capacity=1)
    MentorProfileFactory(languages=["en"], volunteer__postal_code="48207", capacity=1)
    maria = MentorRequestFactory(
        language="es",
        language_required=True,
        interests=["phone_banking"],
        newcomer__postal_code="48201",
    )
    tran = MentorRequestFactory(language="vi", language_required=True)
    run = services.matching_run_create()
    pair = run.pairs.get(request=maria)
    assert pair.mentor == spanish
    text = selectors.explain(pair.reasons)
    assert text.startswith("both speak Spanish · ")
    assert "miles apart" in text and "both like phone banking" in text
    (row,) = selectors.unmatched_rows(run=run)
    assert row["request"] == tran
    assert row["reason"] == "No mentor with a place left speaks Vietnamese."
    assert run.status == MatchingRun.Status.DRAFT and run.total_score == pair.score


def test_pool_leaves_out_unconfirmed_people_paused_mentors_and_full_mentors():
    MentorProfileFactory(status=MentorProfile.Status.PAUSED)
    MentorProfileFactory(status=MentorProfile.Status.PENDING)
    full = MentorProfileFactory(capacity=1)
    MentorPair.objects.create(mentor=full.volunteer, newcomer=VolunteerFactory())
    MentorRequestFactory(newcomer__confirmed_at=None)
    waiting = MentorRequestFactory()
    pool = selectors.matching_pool()
    assert [n.id for n in pool.newcomers] == [waiting.pk]
    assert [(m.id, m.capacity) for m in pool.mentors] == [(full.pk, 0)]
    run = services.matching_run_create()
    assert not run.pairs.exists()
    assert run.unmatched == [{"request": waiting.pk, "reason": ["no_mentors", None]}]


def test_being_signed_up_for_the_same_shift_earns_the_buddy_bonus(home_page):
    event = make_event(event_index(home_page), title="Eastside canvass")
    near = MentorProfileFactory(capacity=1)
    buddy = MentorProfileFactory(capacity=1, volunteer__postal_code="48201")
    request = MentorRequestFactory()
    rsvp(event, buddy.volunteer.user)
    rsvp(event, request.newcomer.user)
    run = services.matching_run_create()
    pair = run.pairs.get()
    assert pair.mentor == buddy, "the buddy bonus outweighs a mile of distance"
    assert near.pk != buddy.pk
    text = selectors.proposal_rows(run=run)[0].explanation
    assert "both signed up for Eastside canvass" in text


def test_the_same_pool_gives_the_same_proposal():
    for _ in range(3):
        MentorProfileFactory(capacity=1)
    for _ in range(5):
        MentorRequestFactory()
    first = services.matching_run_create()
    first_pairs = list(first.pairs.order_by("request").values_list("request", "mentor"))
    second = services.matching_run_create()
    first.refresh_from_db()
    assert first.status == MatchingRun.Status.DISCARDED
    assert list(second.pairs.order_by("request").values_list("request", "mentor")) == first_pairs


def test_rerun_keeps_locked_pairs_and_does_not_propose_rejected_ones_again():
    a = MentorProfileFactory(capacity=1)
    b = MentorProfileFactory(capacity=1, volunteer__postal_code="48201")
    first_request, second_request = MentorRequestFactory(), MentorRequestFactory()
    run = services.matching_run_create()
    locked = run.pairs.get(request=first_request)
    services.proposal_decide(pair=locked, decision="locked")
    rejected = run.pairs.get(request=second_request)
    services.proposal_decide(pair=rejected, decision="rejected")
    again = services.matching_run_create()
    kept = again.pairs.get(request=first_request)
    assert kept.mentor_id == locked.mentor_id and kept.decision == "locked"
    assert not again.pairs.filter(request=second_request, mentor_id=rejected.mentor_id).exists()
    assert {a.pk, b.pk} >= {kept.mentor_id}


# --- Hand edits ---------------------------------------------------------------------------


def test_hand_edits_refuse_capacity_double_pairing_and_oneself():
    mentor = MentorProfileFactory(capacity=1)
    paired, waiting = MentorRequestFactory(), MentorRequestFactory()
    run = services.matching_run_create()
    assert run.pairs.get().request in (paired, waiting)
    unmatched = waiting if run.pairs.get().request == paired else paired
    matched = paired if unmatched == waiting else waiting
    with pytest.raises(MentoringError, match="no place left"):
        services.proposal_assign(run=run, request=unmatched, mentor=mentor)
    other = MentorProfileFactory(capacity=3)
    with pytest.raises(MentoringError, match="already paired"):
        services.proposal_assign(run=run, request=matched, mentor=other)
    self_request = MentorRequestFactory(newcomer=other.volunteer)
    with pytest.raises(MentoringError, match="own mentor"):
        services.proposal_assign(run=run, request=self_request, mentor=other)
    assert run.pairs.count() == 1
    pair = services.proposal_assign(run=run, request=unmatched, mentor=other)
    assert pair.decision == "locked" and pair.by_hand
    assert selectors.explain(pair.reasons).startswith("paired by hand")


def test_hand_edits_refuse_a_newcomer_who_has_not_confirmed_their_address():
    mentor = MentorProfileFactory(capacity=3)
    unconfirmed = MentorRequestFactory(newcomer__confirmed_at=None)
    run = services.matching_run_create()
    assert not run.pairs.exists(), "matching only considers confirmed newcomers"
    with pytest.raises(MentoringError, match="not confirmed their email address"):
        services.proposal_assign(run=run, request=unconfirmed, mentor=mentor)
    assert not run.pairs.exists()


def test_rejecting_a_pair_lists_the_newcomer_as_unmatched_and_frees_the_place():
    mentor = MentorProfileFactory(capacity=1)
    first, second = MentorRequestFactory(), MentorRequestFactory()
    run = services.matching_run_create()
    proposed = run.pairs.get()
    services.proposal_decide(pair=proposed, decision="rejected")
    rows = {row["request"]: row["reason"] for row in selectors.unmatched_rows(run=run)}
    assert rows[proposed.request] == "You rejected the proposed pair."
    other = second if proposed.request == first else first
    services.proposal_assign(run=run, request=other, mentor=mentor)
    # Accepting the rejected pair again would put the mentor over their one place.
    with pytest.raises(MentoringError, match="no place left"):
        services.proposal_decide(pair=proposed, decision="accepted")


def test_swap_gives_two_newcomers_each_others_mentor():
    a = MentorProfileFactory(capacity=1, languages=["en", "es"])
    b = MentorProfileFactory(capacity=1)
    spanish = MentorRequestFactory(language="es")
    english = MentorRequestFactory()
    run = services.matching_run_create()
    first, second = run.pairs.get(request=spanish), run.pairs.get(request=english)
    assert first.mentor == a
    services.proposal_swap(first=first, second=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.mentor, second.mentor) == (b, a)
    assert first.decision == second.decision == "locked"
    with pytest.raises(MentoringError, match="different mentors"):
        services.proposal_swap(first=first, second=first)


# --- Publishing ---------------------------------------------------------------------------


def test_publish_makes_pairs_check_ins_and_introduces_both_after_commit(
    django_capture_on_commit_callbacks,
):
    mentor = MentorProfileFactory(
        volunteer__phone="+13135550100",
        volunteer__user__first_name="Marta",
        share_phone=True,
        languages=["en", "es"],
    )
    request = MentorRequestFactory(
        newcomer__phone="+13135550199", newcomer__user__first_name="Nico", language="es"
    )
    run = services.matching_run_create()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        (pair,) = services.proposal_publish(run=run)
    assert mail.outbox == [], "nothing is sent before the transaction commits"
    for callback in callbacks:
        callback()
    assert pair.mentor == mentor.volunteer and pair.newcomer == request.newcomer
    assert sorted(pair.checkins.values_list("week", flat=True)) == [1, 2, 4]
    request.refresh_from_db()
    run.refresh_from_db()
    assert request.status == MentorRequest.Status.MATCHED
    assert run.status == MatchingRun.Status.PUBLISHED
    to_mentor = next(m for m in mail.outbox if m.to == [mentor.volunteer.email])
    to_newcomer = next(m for m in mail.outbox if m.to == [request.newcomer.email])
    assert to_mentor.subject == "Meet your mentee, Nico"
    assert request.newcomer.email in to_mentor.body
    # The newcomer did not agree to share their number; the mentor did.
    assert "(313) 555-0199" not in to_mentor.body
    assert "(313) 555-0100" in to_newcomer.body
    assert "both speak Spanish" in to_newcomer.body and "A first step" in to_newcomer.body
    assert MentoringNotice.objects.filter(sent_at__isnull=False).count() == 2
    # A retried task sends nothing twice.
    from recruitment.mentoring import tasks

    assert tasks.send_mentoring_notice(pair.pk, "intro", "") == 0
    assert len(mail.outbox) == 2


def test_intro_email_is_in_each_persons_language(django_capture_on_commit_callbacks):
    mentor = MentorProfileFactory(languages=["en", "es"])
    request = MentorRequestFactory(newcomer__preferred_language="es")
    mail.outbox.clear()
    run_and_publish(django_capture_on_commit_callbacks)
    to_newcomer = next(m for m in mail.outbox if m.to == [request.newcomer.email])
    to_mentor = next(m for m in mail.outbox if m.to == [mentor.volunteer.email])
    # Language names come from Django's own catalogue, in the reader's language.
    assert "Español" in to_newcomer.body and "Spanish" not in to_newcomer.body
    assert "Spanish" in to_mentor.body
    # The HTML part says which language it is in, for screen readers.
    assert '<html lang="es">' in to_newcomer.alternatives[0].content
    assert '<html lang="en">' in to_mentor.alternatives[0].content


def test_stale_proposal_is_refused_whole_when_people_changed():
    mentor = MentorProfileFactory(capacity=2)
    MentorRequestFactory()
    MentorRequestFactory()
    run = services.matching_run_create()
    services.mentor_set_status(profile=mentor, status="paused")
    with pytest.raises(MentoringError, match="changed after this proposal"):
        services.proposal_publish(run=run)
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.DRAFT
    assert not MentorPair.objects.exists() and not PairCheckIn.objects.exists()
    assert MentorRequest.objects.filter(status="open").count() == 2


def test_a_newcomer_who_withdrew_makes_the_proposal_stale():
    MentorProfileFactory()
    request = MentorRequestFactory()
    run = services.matching_run_create()
    services.mentor_request_withdraw(request=request)
    with pytest.raises(MentoringError, match="changed"):
        services.proposal_publish(run=run)
    assert not MentorPair.objects.exists()


def test_publish_checks_every_pair_and_writes_nothing_if_one_fails():
    # A pair slipped past the hand-edit checks (as a concurrent edit might): over capacity.
    mentor = MentorProfileFactory(capacity=1)
    first, second = MentorRequestFactory(), MentorRequestFactory()
    run = services.matching_run_create()
    other = second if run.pairs.get().request == first else first
    ProposedPair.objects.create(run=run, mentor=mentor, request=other, score=1)
    with pytest.raises(MentoringError, match="more than 1 newcomers"):
        services.proposal_publish(run=run)
    assert not MentorPair.objects.exists()
    assert MentorRequest.objects.filter(status="open").count() == 2


def test_published_or_discarded_proposals_cannot_be_changed(django_capture_on_commit_callbacks):
    MentorProfileFactory()
    MentorRequestFactory()
    run, _pairs = run_and_publish(django_capture_on_commit_callbacks)
    with pytest.raises(MentoringError, match="already published"):
        services.proposal_publish(run=run)
    with pytest.raises(MentoringError, match="already published"):
        services.proposal_decide(pair=run.pairs.get(), decision="rejected")
    assert MentorPair.objects.count() == 1


# --- The life of a pair -------------------------------------------------------------------


@pytest.fixture
def pair(django_capture_on_commit_callbacks):
    MentorProfileFactory(volunteer__user__first_name="Marta")
    MentorRequestFactory(newcomer__user__first_name="Nico", share_phone=True)
    _run, (made,) = run_and_publish(django_capture_on_commit_callbacks)
    mail.outbox.clear()
    return made


def test_check_in_reminders_go_to_the_mentor_once_each_when_due(pair):
    assert services.mentoring_send_due(now=timezone.now()) == 0
    week_later = timezone.now() + timedelta(days=8)
    assert services.mentoring_send_due(now=week_later) == 1
    assert [m.to for m in mail.outbox] == [[pair.mentor.email]]
    assert "Week 1" in mail.outbox[0].subject
    # Beat runs again: the reminder is in the ledger, so nothing is due and nothing is sent.
    assert services.mentoring_send_due(now=week_later) == 0
    assert len(mail.outbox) == 1
    checkin = pair.checkins.get(week=2)
    services.checkin_mark_done(checkin=checkin, mentor=pair.mentor)
    assert services.mentoring_send_due(now=timezone.now() + timedelta(days=15)) == 0
    with pytest.raises(MentoringError, match="Only the mentor"):
        services.checkin_mark_done(checkin=pair.checkins.get(week=4), mentor=pair.newcomer)


def test_feedback_is_asked_of_both_at_four_weeks_with_a_signed_link(pair, client):
    later = timezone.now() + timedelta(days=29)
    services.mentoring_send_due(now=later)
    feedback_mails = [m for m in mail.outbox if "How is mentoring going" in m.subject]
    assert sorted(m.to[0] for m in feedback_mails) == sorted(
        [pair.mentor.email, pair.newcomer.email]
    )
    link = next(
        line for line in feedback_mails[0].body.splitlines() if "/mentoring/feedback/" in line
    )
    path = link.strip().removeprefix("http://testserver")
    assert client.get(path).status_code == 200
    assert client.post(path, {"rating": "9"}).status_code == 400
    response = client.post(path, {"rating": "4", "text": "Very kind"})
    assert response.status_code == 200 and "Your feedback is in" in response.content.decode()
    assert PairFeedback.objects.get().rating == 4
    assert client.post(path, {"rating": "1"}).status_code == 200
    assert PairFeedback.objects.count() == 1
    assert services.mentoring_send_due(now=later) == 0


def test_a_forged_or_broken_feedback_link_is_a_clear_400(client, pair):
    response = client.get("/mentoring/feedback/not-a-token/")
    assert response.status_code == 400
    assert "expired or is not valid" in response.content.decode()


def test_feedback_only_from_the_two_people_and_ratings_1_to_5(pair):
    with pytest.raises(MentoringError, match="Only the two people"):
        services.feedback_submit(pair=pair, volunteer=VolunteerFactory(), rating=5)
    with pytest.raises(MentoringError, match="1 to 5"):
        services.feedback_submit(pair=pair, volunteer=pair.newcomer, rating=6)
    services.feedback_submit(pair=pair, volunteer=pair.newcomer, rating=5)
    with pytest.raises(MentoringError, match="already in"):
        services.feedback_submit(pair=pair, volunteer=pair.newcomer, rating=3)


def test_ending_a_pair_tells_the_other_side_and_can_ask_for_a_new_mentor(
    pair, django_capture_on_commit_callbacks
):
    with pytest.raises(MentoringError, match="why"):
        services.pair_end(pair=pair, ended_by="newcomer", reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.pair_end(pair=pair, ended_by="newcomer", reason="Schedules clash", rematch=True)
    pair.refresh_from_db()
    assert pair.ended_at is not None and pair.end_reason == "Schedules clash"
    assert [m.to for m in mail.outbox] == [[pair.mentor.email]]
    new_request = MentorRequest.objects.get(status="open")
    assert new_request.source == MentorRequest.Source.REMATCH
    assert new_request.share_phone
    with pytest.raises(MentoringError, match="already ended"):
        services.pair_end(pair=pair, ended_by="mentor", reason="again")
    # The next run never pairs them again, and says why the newcomer is left out.
    run = services.matching_run_create()
    assert not run.pairs.exists()
    assert run.unmatched[0]["reason"] == ["no_mentors", None]
    # No reminders for an ended pair.
    assert services.mentoring_send_due(now=timezone.now() + timedelta(days=30)) == 0


def test_ending_with_a_rematch_keeps_a_request_already_open(pair):
    # E.g. an organizer set one up by hand while the pair was still running.
    waiting = MentorRequest.objects.create(newcomer=pair.newcomer, language="es")
    services.pair_end(pair=pair, ended_by="organizer", reason="Mentor moved", rematch=True)
    pair.refresh_from_db()
    assert pair.ended_at is not None
    assert list(MentorRequest.objects.filter(status="open")) == [waiting]


# --- Sign-up ------------------------------------------------------------------------------


def test_wanting_a_mentor_at_sign_up_makes_a_request(sign_up):
    signup = sign_up(email="new@example.org")
    services.signup_request_mentor(signup=signup)
    request = MentorRequest.objects.get(newcomer=signup.volunteer)
    assert request.source == MentorRequest.Source.SIGNUP
    # Only confirmed people are matched.
    assert selectors.matching_pool().newcomers == []


def test_known_address_waits_for_its_owner_to_confirm_before_asking(sign_up):
    from recruitment import services as people

    first = sign_up(email="known@example.org")
    people.signup_confirm(signup=first)
    second = sign_up(email="known@example.org")
    services.signup_request_mentor(signup=second)
    assert not MentorRequest.objects.exists()
    people.signup_confirm(signup=Signup.objects.get(pk=second.pk))
    assert MentorRequest.objects.filter(newcomer=first.volunteer, status="open").count() == 1


def test_explanations_read_naturally():
    reasons = [
        ["requested", None],
        ["language", "vi"],
        ["distance", 0.0],
        ["availability", ["weekday_evenings", "weekend_mornings"]],
        ["buddy", [12345]],
    ]
    assert selectors.explain(reasons) == (
        "asked for this mentor · both speak Vietnamese · same ZIP code · "
        "both free weekday evenings, weekend mornings · both signed up for the same shift"
    )
    assert selectors.explain([["distance", 1.0]]) == "1.0 mile apart"
    assert selectors.explain([["distance", 12.25]]) == "12.2 miles apart"
