"""The life of a pair once published: check-ins, feedback, and ending it."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from recruitment.models import (
    MentoringNotice,
    MentorPair,
    MentorRequest,
    PairCheckIn,
    PairFeedback,
    Volunteer,
)
from recruitment.services.mentoring.common import MentoringError, on_commit
from recruitment.services.mentoring.offers import mentor_request_create


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

        on_commit(tasks.send_mentoring_notice, pair.pk, MentoringNotice.Kind.ENDED, ended_by)
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
