"""Every write of mentoring: offers and requests, matching runs and their review, publishing,
and the life of a pair (check-ins, feedback, ending). Emails go out after commit through tasks."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.activities import Activity
from recruitment import matching
from recruitment import selectors_mentoring as selectors
from recruitment.models import (
    Availability,
    Language,
    MatchingRun,
    MentoringNotice,
    MentorPair,
    MentorProfile,
    MentorRequest,
    PairCheckIn,
    PairFeedback,
    ProposedPair,
    Volunteer,
)
from recruitment.models.mentoring import MAX_MENTEES

logger = logging.getLogger(__name__)

FEEDBACK_AFTER = timedelta(weeks=4)


class MentoringError(Exception):
    """A refused mentoring action; the message says why, in words for the person who tried."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _clean_choices(values: Iterable[str], choices) -> list[str]:
    allowed = {str(value) for value in choices}
    return [value for value in dict.fromkeys(values or ()) if value in allowed]


def _on_commit(task, *args) -> None:
    transaction.on_commit(lambda: task.delay(*args), robust=True)


# --- Offers and requests ------------------------------------------------------------------


def mentor_offer(
    *,
    volunteer: Volunteer,
    capacity: int,
    languages: Iterable[str],
    interests: Iterable[str] = (),
    availability: Iterable[str] = (),
    share_phone: bool = False,
    about: str = "",
) -> MentorProfile:
    """Offer to mentor, or change an offer. A new offer waits for an organizer's approval."""
    if not isinstance(capacity, int) or capacity < 1 or capacity > MAX_MENTEES:
        raise MentoringError(
            _("Choose how many newcomers you can mentor at once: from 1 to %(max)s.")
            % {"max": MAX_MENTEES}
        )
    languages = _clean_choices(languages, Language.values)
    if not languages:
        raise MentoringError(_("Choose at least one language you can mentor in."))
    if volunteer.user_id is None:
        raise MentoringError(_("This volunteer profile has been erased."))
    with transaction.atomic():
        profile = MentorProfile.objects.select_for_update().filter(volunteer=volunteer).first()
        if profile is not None:
            active = MentorPair.objects.filter(mentor=volunteer, ended_at__isnull=True).count()
            if capacity < active:
                raise MentoringError(
                    _(
                        "You are mentoring %(active)s newcomers now; end a pairing before "
                        "offering fewer places."
                    )
                    % {"active": active}
                )
        else:
            profile = MentorProfile(volunteer=volunteer)
        profile.capacity = capacity
        profile.languages = languages
        profile.interests = _clean_choices(interests, Activity.values)
        profile.availability = _clean_choices(availability, Availability.values)
        profile.share_phone = bool(share_phone)
        profile.about = (about or "").strip()[:500]
        profile.save()
    return profile


def mentor_set_status(*, profile: MentorProfile, status: str, by=None) -> MentorProfile:
    """Approve, pause or resume a mentor. Pausing keeps their pairs; it only stops new ones."""
    if status not in MentorProfile.Status.values:
        raise MentoringError(_("Unknown mentor status."))
    with transaction.atomic():
        profile = MentorProfile.objects.select_for_update().get(pk=profile.pk)
        profile.status = status
        if status == MentorProfile.Status.APPROVED and profile.approved_at is None:
            profile.approved_at = timezone.now()
            profile.approved_by = by
        profile.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
    return profile


def mentor_request_create(
    *,
    newcomer: Volunteer,
    language: str = "",
    language_required: bool = False,
    same_area: bool = False,
    interests: Iterable[str] = (),
    preferred_mentor: MentorProfile | None = None,
    share_phone: bool = False,
    note: str = "",
    source: str = MentorRequest.Source.DASHBOARD,
) -> MentorRequest:
    """A newcomer asks for a mentor. One open request at a time, and none while paired."""
    if newcomer.user_id is None:
        raise MentoringError(_("This volunteer profile has been erased."))
    if language and language not in Language.values:
        raise MentoringError(_("Choose a language from the list."))
    if language_required and not language:
        raise MentoringError(_("Choose the language your mentor must speak."))
    if preferred_mentor is not None and preferred_mentor.volunteer_id == newcomer.pk:
        raise MentoringError(_("You cannot be your own mentor."))
    with transaction.atomic():
        Volunteer.objects.select_for_update().filter(pk=newcomer.pk).first()
        if MentorPair.objects.filter(newcomer=newcomer, ended_at__isnull=True).exists():
            raise MentoringError(_("You already have a mentor."))
        if MentorRequest.objects.filter(
            newcomer=newcomer, status=MentorRequest.Status.OPEN
        ).exists():
            raise MentoringError(_("You have already asked for a mentor; we are on it."))
        try:
            with transaction.atomic():
                return MentorRequest.objects.create(
                    newcomer=newcomer,
                    language=language,
                    language_required=language_required,
                    same_area=same_area,
                    interests=_clean_choices(interests, Activity.values),
                    preferred_mentor=preferred_mentor,
                    share_phone=bool(share_phone),
                    note=(note or "").strip()[:500],
                    source=source,
                )
        except IntegrityError as error:  # a second request raced this one
            raise MentoringError(_("You have already asked for a mentor; we are on it.")) from error


def mentor_request_withdraw(*, request: MentorRequest) -> MentorRequest:
    with transaction.atomic():
        request = MentorRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != MentorRequest.Status.OPEN:
            raise MentoringError(_("This request is no longer open."))
        request.status = MentorRequest.Status.WITHDRAWN
        request.closed_at = timezone.now()
        request.save(update_fields=["status", "closed_at"])
    return request


# --- Matching runs and their review -------------------------------------------------------


def _draft(run: MatchingRun) -> MatchingRun:
    run = MatchingRun.objects.select_for_update().get(pk=run.pk)
    if run.status != MatchingRun.Status.DRAFT:
        raise MentoringError(_("This proposal was already published or discarded."))
    return run


def matching_run_create(*, by=None) -> MatchingRun:
    """Match the whole pool into a new draft proposal.

    A draft under review is replaced: its locked pairs are kept as they are (they take their
    mentors' places first) and its rejected pairs are not proposed again.
    """
    with transaction.atomic():
        previous = MatchingRun.objects.select_for_update().filter(status="draft").first()
        pool = selectors.matching_pool()
        locked: list[ProposedPair] = []
        rejected: dict[int, set[int]] = {}
        if previous is not None:
            for pair in previous.pairs.all():
                if pair.decision == ProposedPair.Decision.LOCKED:
                    locked.append(pair)
                elif pair.decision == ProposedPair.Decision.REJECTED:
                    rejected.setdefault(pair.request_id, set()).add(pair.mentor_id)
            previous.status = MatchingRun.Status.DISCARDED
            previous.save(update_fields=["status"])
        mentors = {m.id: m for m in pool.mentors}
        newcomers = {n.id: n for n in pool.newcomers}
        kept = [p for p in locked if p.request_id in newcomers and p.mentor_id in mentors]
        taken = Counter(p.mentor_id for p in kept)
        free_mentors = [
            matching.Mentor(**{**m.__dict__, "capacity": max(0, m.capacity - taken[m.id])})
            for m in pool.mentors
        ]
        kept_requests = {p.request_id for p in kept}
        free_newcomers = [
            matching.Newcomer(
                **{
                    **n.__dict__,
                    "excluded_mentors": n.excluded_mentors | frozenset(rejected.get(n.id, ())),
                }
            )
            for n in pool.newcomers
            if n.id not in kept_requests
        ]
        best = matching.solve(free_newcomers, free_mentors)
        baseline = matching.greedy(free_newcomers, free_mentors)
        free_by_id = {m.id: m for m in free_mentors}
        run = MatchingRun.objects.create(
            created_by=by,
            fingerprint=pool.fingerprint,
            total_score=best.total + sum(p.score for p in kept),
            greedy_score=baseline.total + sum(p.score for p in kept),
            unmatched=[
                {
                    "request": n.id,
                    "reason": matching.unmatched_reason(n, free_by_id.values()),
                }
                for n in free_newcomers
                if n.id in set(best.unmatched)
            ],
        )
        rows = [
            ProposedPair(
                run=run,
                mentor_id=p.mentor_id,
                request_id=p.request_id,
                score=p.score,
                reasons=p.reasons,
                decision=ProposedPair.Decision.LOCKED,
                by_hand=p.by_hand,
            )
            for p in kept
        ]
        for match in best.pairs:
            _score, reasons = matching.pair_score(newcomers[match.newcomer], mentors[match.mentor])
            rows.append(
                ProposedPair(
                    run=run,
                    mentor_id=match.mentor,
                    request_id=match.newcomer,
                    score=match.score,
                    reasons=reasons,
                )
            )
        ProposedPair.objects.bulk_create(rows)
    logger.info("Matching run %s: %s pairs, %s unmatched", run.pk, len(rows), len(run.unmatched))
    return run


def matching_run_discard(*, run: MatchingRun) -> MatchingRun:
    with transaction.atomic():
        run = _draft(run)
        run.status = MatchingRun.Status.DISCARDED
        run.save(update_fields=["status"])
    return run


def proposal_decide(*, pair: ProposedPair, decision: str) -> ProposedPair:
    if decision not in ProposedPair.Decision.values:
        raise MentoringError(_("Unknown decision."))
    with transaction.atomic():
        _draft(pair.run)
        pair = ProposedPair.objects.select_for_update().get(pk=pair.pk)
        if decision != ProposedPair.Decision.REJECTED and pair.decision == "rejected":
            _check_places(run=pair.run, mentor=pair.mentor, adding=1)
        pair.decision = decision
        pair.save(update_fields=["decision"])
    return pair


def _check_places(*, run: MatchingRun, mentor: MentorProfile, adding: int) -> None:
    """Refuse a hand edit that would give a mentor more newcomers than they offered to take."""
    active = MentorPair.objects.filter(mentor_id=mentor.volunteer_id, ended_at__isnull=True).count()
    proposed = (
        run.pairs.filter(mentor=mentor).exclude(decision=ProposedPair.Decision.REJECTED).count()
    )
    if active + proposed + adding > mentor.capacity:
        raise MentoringError(
            _(
                "%(mentor)s has no place left: they offered %(capacity)s, and have %(active)s "
                "active and %(proposed)s proposed."
            )
            % {
                "mentor": mentor,
                "capacity": mentor.capacity,
                "active": active,
                "proposed": proposed,
            }
        )


def _hand_reasons(pool: selectors.Pool, *, request_id: int, mentor_id: int) -> tuple[float, list]:
    newcomer = next((n for n in pool.newcomers if n.id == request_id), None)
    mentor = next((m for m in pool.mentors if m.id == mentor_id), None)
    scored = None
    if newcomer is not None and mentor is not None:
        scored = matching.pair_score(
            newcomer, matching.Mentor(**{**mentor.__dict__, "capacity": 1})
        )
    if scored is None:
        return 0.0, [["by_hand", None]]
    return scored[0], [["by_hand", None], *scored[1]]


def proposal_assign(
    *, run: MatchingRun, request: MentorRequest, mentor: MentorProfile
) -> ProposedPair:
    """Pair a newcomer with a mentor by hand; the pair is locked so a re-run keeps it."""
    with transaction.atomic():
        run = _draft(run)
        mentor = MentorProfile.objects.select_for_update().get(pk=mentor.pk)
        request = MentorRequest.objects.get(pk=request.pk)
        if mentor.volunteer_id == request.newcomer_id:
            raise MentoringError(_("Nobody can be their own mentor."))
        if request.status != MentorRequest.Status.OPEN:
            raise MentoringError(_("This newcomer's request is no longer open."))
        if mentor.status != MentorProfile.Status.APPROVED:
            raise MentoringError(_("%(mentor)s is not an approved mentor.") % {"mentor": mentor})
        existing = run.pairs.filter(request=request).first()
        if existing is not None and existing.decision != ProposedPair.Decision.REJECTED:
            raise MentoringError(
                _("%(newcomer)s is already paired with %(mentor)s in this proposal.")
                % {"newcomer": request.newcomer, "mentor": existing.mentor}
            )
        _check_places(run=run, mentor=mentor, adding=1)
        score, reasons = _hand_reasons(
            selectors.matching_pool(), request_id=request.pk, mentor_id=mentor.pk
        )
        if existing is not None:
            existing.delete()
        return ProposedPair.objects.create(
            run=run,
            mentor=mentor,
            request=request,
            score=score,
            reasons=reasons,
            decision=ProposedPair.Decision.LOCKED,
            by_hand=True,
        )


def proposal_swap(*, first: ProposedPair, second: ProposedPair) -> tuple[ProposedPair, ...]:
    """Give two newcomers each other's mentor. Both pairs are locked afterwards."""
    with transaction.atomic():
        first = ProposedPair.objects.select_for_update().select_related("request").get(pk=first.pk)
        second = (
            ProposedPair.objects.select_for_update().select_related("request").get(pk=second.pk)
        )
        if first.run_id != second.run_id:
            raise MentoringError(_("Both pairs must be in the same proposal."))
        _draft(first.run)
        if first.pk == second.pk or first.mentor_id == second.mentor_id:
            raise MentoringError(_("Choose two pairs with different mentors."))
        if ProposedPair.Decision.REJECTED in (first.decision, second.decision):
            raise MentoringError(_("Only pairs still in the proposal can be swapped."))
        mentors = MentorProfile.objects.in_bulk([first.mentor_id, second.mentor_id])
        if (
            mentors[second.mentor_id].volunteer_id == first.request.newcomer_id
            or mentors[first.mentor_id].volunteer_id == second.request.newcomer_id
        ):
            raise MentoringError(_("Nobody can be their own mentor."))
        pool = selectors.matching_pool()
        first.mentor_id, second.mentor_id = second.mentor_id, first.mentor_id
        for pair in (first, second):
            pair.score, pair.reasons = _hand_reasons(
                pool, request_id=pair.request_id, mentor_id=pair.mentor_id
            )
            pair.decision = ProposedPair.Decision.LOCKED
            pair.by_hand = True
            pair.save(update_fields=["mentor", "score", "reasons", "decision", "by_hand"])
    return first, second


def proposal_publish(*, run: MatchingRun, by=None) -> list[MentorPair]:
    """Turn the accepted and locked pairs into real pairs and introduce each by email.

    All or nothing: the proposal is refused whole when the pool changed since it was made, or
    when any pair no longer holds (a request closed, a mentor paused or full, a newcomer paired).
    """
    with transaction.atomic():
        run = _draft(run)
        if selectors.matching_pool().fingerprint != run.fingerprint:
            raise MentoringError(
                _(
                    "People or their requests changed after this proposal was made, so it may "
                    "no longer be right. Run matching again to get a fresh proposal."
                )
            )
        proposed = list(
            run.pairs.exclude(decision=ProposedPair.Decision.REJECTED)
            .select_related("request")
            .order_by("pk")
        )
        if not proposed:
            raise MentoringError(_("There are no pairs to publish."))
        profiles = MentorProfile.objects.select_for_update().in_bulk(
            [p.mentor_id for p in proposed]
        )
        requests = MentorRequest.objects.select_for_update().in_bulk(
            [p.request_id for p in proposed]
        )
        load = Counter(
            MentorPair.objects.filter(
                mentor_id__in=[p.volunteer_id for p in profiles.values()], ended_at__isnull=True
            ).values_list("mentor_id", flat=True)
        )
        problems = []
        now = timezone.now()
        pairs = []
        for proposal in proposed:
            profile, request = profiles[proposal.mentor_id], requests[proposal.request_id]
            load[profile.volunteer_id] += 1
            if profile.volunteer_id == request.newcomer_id:
                problems.append(_("%(name)s cannot mentor themselves.") % {"name": profile})
            elif request.status != MentorRequest.Status.OPEN:
                problems.append(
                    _("%(name)s's request is no longer open.") % {"name": request.newcomer}
                )
            elif profile.status != MentorProfile.Status.APPROVED:
                problems.append(_("%(name)s is not an approved mentor.") % {"name": profile})
            elif load[profile.volunteer_id] > profile.capacity:
                problems.append(
                    _("%(name)s would have more than %(capacity)s newcomers.")
                    % {"name": profile, "capacity": profile.capacity}
                )
            pairs.append(
                MentorPair(
                    mentor_id=profile.volunteer_id,
                    newcomer_id=request.newcomer_id,
                    request=request,
                    run=run,
                    reasons=proposal.reasons,
                    started_at=now,
                )
            )
        if problems:
            raise MentoringError(" ".join(dict.fromkeys(str(p) for p in problems)))
        try:
            with transaction.atomic():
                created = MentorPair.objects.bulk_create(pairs)
        except IntegrityError as error:
            raise MentoringError(
                _("A newcomer in this proposal already has a mentor. Run matching again.")
            ) from error
        if any(pair.pk is None for pair in created):  # databases that return no ids
            created = list(MentorPair.objects.filter(run=run).order_by("pk"))
        PairCheckIn.objects.bulk_create(
            PairCheckIn(pair=pair, week=week, due_at=now + timedelta(weeks=week))
            for pair in created
            for week in PairCheckIn.WEEKS
        )
        MentorRequest.objects.filter(pk__in=requests).update(
            status=MentorRequest.Status.MATCHED, closed_at=now
        )
        run.status = MatchingRun.Status.PUBLISHED
        run.published_by = by
        run.published_at = now
        run.save(update_fields=["status", "published_by", "published_at"])
        from recruitment import tasks

        for pair in created:
            _on_commit(tasks.send_mentoring_notice, pair.pk, MentoringNotice.Kind.INTRODUCTION, "")
    return created


# --- The life of a pair -------------------------------------------------------------------


def pair_end(
    *,
    pair: MentorPair,
    ended_by: str,
    reason: str,
    rematch: bool = False,
) -> MentorPair:
    """End a pairing. The newcomer (or an organizer for them) may ask for a new mentor at once;
    they will never be matched with this mentor again."""
    reason = (reason or "").strip()
    if ended_by not in MentorPair.EndedBy.values:
        raise MentoringError(_("Unknown side."))
    if not reason:
        raise MentoringError(_("Tell us briefly why the pairing is ending."))
    with transaction.atomic():
        pair = MentorPair.objects.select_for_update().select_related("request").get(pk=pair.pk)
        if pair.ended_at is not None:
            raise MentoringError(_("This pairing has already ended."))
        pair.ended_at = timezone.now()
        pair.ended_by = ended_by
        pair.end_reason = reason[:500]
        pair.save(update_fields=["ended_at", "ended_by", "end_reason"])
        if rematch:
            previous = pair.request
            mentor_request_create(
                newcomer=pair.newcomer,
                language=previous.language if previous else "",
                language_required=previous.language_required if previous else False,
                same_area=previous.same_area if previous else False,
                interests=previous.interests if previous else (),
                share_phone=previous.share_phone if previous else False,
                source=MentorRequest.Source.REMATCH,
            )
        from recruitment import tasks

        _on_commit(tasks.send_mentoring_notice, pair.pk, MentoringNotice.Kind.ENDED, ended_by)
    return pair


def checkin_mark_done(*, checkin: PairCheckIn, mentor: Volunteer) -> PairCheckIn:
    with transaction.atomic():
        checkin = PairCheckIn.objects.select_for_update().select_related("pair").get(pk=checkin.pk)
        if checkin.pair.mentor_id != mentor.pk:
            raise MentoringError(_("Only the mentor can mark this check-in."))
        if checkin.done_at is None:
            checkin.done_at = timezone.now()
            checkin.save(update_fields=["done_at"])
    return checkin


def feedback_submit(*, pair: MentorPair, volunteer: Volunteer, rating: int, text: str = ""):
    if volunteer.pk == pair.mentor_id:
        role = PairFeedback.Role.MENTOR
    elif volunteer.pk == pair.newcomer_id:
        role = PairFeedback.Role.NEWCOMER
    else:
        raise MentoringError(_("Only the two people in a pairing can give feedback on it."))
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise MentoringError(_("Choose a rating from 1 to 5."))
    try:
        with transaction.atomic():
            return PairFeedback.objects.create(
                pair=pair, role=role, rating=rating, text=(text or "").strip()[:2000]
            )
    except IntegrityError as error:
        raise MentoringError(
            _("Thank you: your feedback on this pairing is already in.")
        ) from error


# --- Emails -------------------------------------------------------------------------------


def mentoring_send_due(*, now: datetime | None = None) -> int:
    """Queue every check-in reminder and feedback request that is due. Run by Celery beat; each
    email is claimed in the ledger when sent, so running this twice sends nothing twice."""
    from recruitment import tasks

    now = now or timezone.now()
    queued = 0
    checkins = PairCheckIn.objects.filter(
        due_at__lte=now,
        reminder_sent_at__isnull=True,
        done_at__isnull=True,
        pair__ended_at__isnull=True,
    ).values_list("pair_id", "week")
    for pair_id, week in checkins:
        tasks.send_mentoring_notice.delay(pair_id, MentoringNotice.Kind.CHECKIN, f"week{week}")
        queued += 1
    asked = MentoringNotice.objects.filter(kind=MentoringNotice.Kind.FEEDBACK).values("pair_id")
    due_feedback = (
        MentorPair.objects.filter(ended_at__isnull=True, started_at__lte=now - FEEDBACK_AFTER)
        .exclude(pk__in=asked)
        .values_list("pk", flat=True)
    )
    for pair_id in due_feedback:
        tasks.send_mentoring_notice.delay(pair_id, MentoringNotice.Kind.FEEDBACK, "")
        queued += 1
    return queued


def _claim(*, pair: MentorPair, recipient: Volunteer, kind: str, key: str):
    try:
        with transaction.atomic():
            return MentoringNotice.objects.create(
                pair=pair, recipient=recipient, kind=kind, key=key[:20]
            )
    except IntegrityError:
        return None


def mentoring_notice_send(*, pair_id: int, kind: str, key: str = "") -> int:
    """Send one kind of email about a pair to whoever it is for, at most once each.

    Introductions and feedback requests go to both people, check-in reminders to the mentor,
    and an ended pairing to the other side. Returns how many emails this call sent.
    """
    from recruitment import mentoring_emails

    pair = (
        MentorPair.objects.select_related(
            "mentor__user", "newcomer__user", "mentor__mentor_profile", "request"
        )
        .filter(pk=pair_id)
        .first()
    )
    if pair is None:
        return 0
    if kind == MentoringNotice.Kind.INTRODUCTION or kind == MentoringNotice.Kind.FEEDBACK:
        if pair.ended_at is not None:
            return 0
        recipients = [pair.mentor, pair.newcomer]
    elif kind == MentoringNotice.Kind.CHECKIN:
        checkin = pair.checkins.filter(week=int(key.removeprefix("week") or 0)).first()
        if pair.ended_at is not None or checkin is None or checkin.done_at is not None:
            return 0
        recipients = [pair.mentor]
    elif kind == MentoringNotice.Kind.ENDED:
        recipients = [pair.newcomer if key == MentorPair.EndedBy.MENTOR else pair.mentor]
        if key == MentorPair.EndedBy.ORGANIZER:
            recipients = [pair.mentor, pair.newcomer]
    else:
        return 0
    sent = 0
    for recipient in recipients:
        if recipient.user_id is None:
            continue
        notice = _claim(pair=pair, recipient=recipient, kind=kind, key=key)
        if notice is None:
            continue
        mentoring_emails.send(pair=pair, recipient=recipient, kind=kind, key=key)
        MentoringNotice.objects.filter(pk=notice.pk).update(sent_at=timezone.now())
        sent += 1
    if kind == MentoringNotice.Kind.CHECKIN and sent:
        PairCheckIn.objects.filter(pair=pair, week=int(key.removeprefix("week"))).update(
            reminder_sent_at=timezone.now()
        )
    return sent


def signup_request_mentor(*, signup) -> MentorRequest | None:
    """ "I'd like a mentor" on the sign-up's second step. A new person's request is made now (it
    joins the matching pool once they confirm their address); for an address we already knew,
    it waits on the sign-up until its owner confirms, like the rest of what was sent."""
    from recruitment.models import Signup

    with transaction.atomic():
        signup = Signup.objects.select_for_update().select_related("volunteer").get(pk=signup.pk)
        if not signup.created_person:
            signup.pending_profile = {**signup.pending_profile, "wants_mentor": True}
            signup.save(update_fields=["pending_profile"])
            return None
        try:
            return mentor_request_create(
                newcomer=signup.volunteer, source=MentorRequest.Source.SIGNUP
            )
        except MentoringError:
            return None
