"""The life of a pair once published: check-ins, feedback, and ending it; and what is left of
mentoring when a volunteer deletes their account."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import audit_log
from portal.tasks import enqueue_on_commit
from recruitment.mentoring.models import (
    MentoringNotice,
    MentorPair,
    MentorProfile,
    MentorRequest,
    PairCheckIn,
    PairFeedback,
)
from recruitment.mentoring.services.common import PAIR_END, MentoringError
from recruitment.mentoring.services.offers import mentor_request_create
from recruitment.models import Volunteer


def pair_end(
    *,
    pair: MentorPair,
    ended_by: str,
    reason: str,
    rematch: bool = False,
    by=None,
) -> MentorPair:
    """End a pairing. The newcomer (or an organizer for them) may ask for a new mentor at once;
    they will never be matched with this mentor again. `by` is the organizer who ended it, for
    the audit trail; the people of the pair ending it themselves is not a staff action."""
    reason = (reason or "").strip()
    if ended_by not in MentorPair.EndedBy.values:
        raise MentoringError(_("Unknown side."))
    if not reason:
        raise MentoringError(_("Tell us briefly why the pairing is ending."))
    with transaction.atomic():
        pair = (
            MentorPair.objects.select_for_update(of=("self",))
            .select_related("request")
            .get(pk=pair.pk)
        )
        if pair.ended_at is not None:
            raise MentoringError(_("This pairing has already ended."))
        pair.ended_at = timezone.now()
        pair.ended_by = ended_by
        pair.end_reason = reason[:500]
        pair.save(update_fields=["ended_at", "ended_by", "end_reason"])
        if by is not None:
            audit_log(
                instance=pair,
                action=PAIR_END,
                user=by,
                data={"ended_by": ended_by, "rematch": rematch},
            )
        has_open_request = MentorRequest.objects.filter(
            newcomer_id=pair.newcomer_id, status=MentorRequest.Status.OPEN
        ).exists()
        if rematch and not has_open_request:
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
        from recruitment.mentoring import tasks

        enqueue_on_commit(
            tasks.send_mentoring_notice, pair.pk, MentoringNotice.Kind.ENDED, ended_by
        )
    return pair


def checkin_mark_done(*, checkin: PairCheckIn, mentor: Volunteer) -> PairCheckIn:
    with transaction.atomic():
        checkin = (
            PairCheckIn.objects.select_for_update(of=("self",))
            .select_related("pair")
            .get(pk=checkin.pk)
        )
        if checkin.pair.mentor_id != mentor.pk:
            raise MentoringError(_("Only the mentor can mark this check-in."))
        if checkin.pair.ended_at is not None:
            raise MentoringError(_("This pairing has ended."))
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


# Stored for organizers, like the reasons people type when they end a pairing themselves.
ERASED_REASON = "Deleted their account"


def mentoring_erase(*, volunteer: Volunteer) -> None:
    """Called when a volunteer deletes their account: their pairs end (the other side is told),
    their open request is withdrawn, their offer to mentor goes, and what they wrote (request
    notes, feedback comments) is blanked. Ratings and dates stay for the counts."""
    with transaction.atomic():
        active = MentorPair.objects.select_for_update().filter(
            Q(mentor=volunteer) | Q(newcomer=volunteer), ended_at__isnull=True
        )
        for pair in active:
            side = (
                MentorPair.EndedBy.MENTOR
                if pair.mentor_id == volunteer.pk
                else MentorPair.EndedBy.NEWCOMER
            )
            pair_end(pair=pair, ended_by=side, reason=ERASED_REASON)
        MentorRequest.objects.filter(newcomer=volunteer, status=MentorRequest.Status.OPEN).update(
            status=MentorRequest.Status.WITHDRAWN, closed_at=timezone.now()
        )
        MentorRequest.objects.filter(newcomer=volunteer).update(note="")
        PairFeedback.objects.filter(
            Q(pair__mentor=volunteer, role=PairFeedback.Role.MENTOR)
            | Q(pair__newcomer=volunteer, role=PairFeedback.Role.NEWCOMER)
        ).update(text="")
        # Its about text and languages are personal; deleting it also drops it from drafts.
        MentorProfile.objects.filter(volunteer=volunteer).delete()
