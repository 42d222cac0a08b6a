"""Every write about events: places in shifts, the waitlist, check-in, reminders, notices."""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.models import (
    RSVP,
    Answer,
    ApiKey,
    EventPage,
    Notice,
    Shift,
    ShiftReport,
    hash_api_key,
    told_fingerprint,
)
from events.places import AlreadyHeld, take_places
from events.selectors import can_run_desk_for_all
from portal.audit import audit_log
from portal.db import retry_when_sqlite_is_locked
from portal.mail import AcceptanceUnknown
from portal.notices import lost_notices_filter, notices_resend
from portal.remembered import move_on, remembered
from portal.tasks import enqueue_on_commit

logger = logging.getLogger(__name__)
# How long RSVPs wait for and hold the shift's row lock; bench/rsvp_api.py reads it.
lock_logger = logging.getLogger("events.rsvp_lock")

# The desk's actions in the audit trail (labels in events/wagtail_hooks.py).
CHECKIN = "events.checkin"
CHECKIN_UNDO = "events.checkin_undo"
NO_SHOW = "events.no_show"
WALK_IN = "events.walk_in"
# An organizer chose to send again emails whose outcome is unknown (see notices_resend_unknown).
NOTICES_RESEND_UNKNOWN = "events.notices_resend_unknown"

TWO_HOURS = timedelta(hours=2)


class RsvpError(Exception):
    """Bad input for an RSVP, as field → messages (the API's 400 body uses the same shape)."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors

    @property
    def text(self) -> str:
        """Every message in one line, for places that show a single notice."""
        return " ".join(message for messages in self.errors.values() for message in messages)


class AlreadySignedUp(RsvpError):
    """Some chosen shifts are already held by this person. The API and the desk show the message;
    the public form must not (it would tell anyone who signed up), so it reads `rsvps`."""

    def __init__(self, rsvps: list[RSVP]):
        super().__init__({"timeslots": [_("You are already signed up for that shift.")]})
        self.rsvps = rsvps


@dataclass(frozen=True)
class Referrer:
    utm_source: str = ""
    utm_medium: str = ""
    utm_campaign: str = ""
    utm_term: str = ""
    utm_content: str = ""
    url: str = ""


def event_is_open(event: EventPage, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return event.live and not event.is_cancelled and bool(event.ends_at and event.ends_at > now)


def rsvp_create(**arguments) -> list[RSVP]:
    """Give `person` a place (or a place in line) in each chosen shift of `event`, with room
    for `guests` more people, and keep their `answers` to the event's questions; the arguments
    are rsvp_prepare's.

    rsvp_prepare checks everything, then rsvp_take takes the places (events.places: shifts
    locked in id order, counters re-read under the lock, the check constraint backing it up).
    """
    return rsvp_take(rsvp_prepare(**arguments))


@dataclass
class RsvpPlan:
    """A checked RSVP, ready for its places: the event, its shifts (stored versions, with their
    page), the row each RSVP copies and the answers each gets."""

    event: EventPage
    shifts: list[Shift]
    template: RSVP
    answers: list[Answer]


def rsvp_prepare(
    *,
    event: EventPage,
    shift_ids: list[int],
    person,
    source: str,
    phone: str = "",
    postal_code: str = "",
    referrer: Referrer | None = None,
    sms_opt_in: bool = False,
    transactional_sms_opt_in: bool = True,
    language: str = "en",
    guests: int = 0,
    guest_names: str = "",
    answers: dict | None = None,
    standing=None,
    person_is_new: bool = False,
) -> RsvpPlan:
    """Check an RSVP (see rsvp_create) without taking places: raises RsvpError, or returns the
    plan for rsvp_take. The API checks inside the transaction that makes a new person, so a
    refused RSVP leaves nobody behind, then takes the places once that has committed.
    `person_is_new`: `person` was made in this transaction, so holds no place yet."""
    from events.questions import answers_check

    referrer = referrer or Referrer()

    now = timezone.now()
    if not shift_ids:
        raise RsvpError({"timeslots": [_("Choose at least one shift.")]})
    if len(set(shift_ids)) != len(shift_ids):
        raise RsvpError({"timeslots": [_("Each shift can be chosen only once.")]})
    if not event_is_open(event, now=now):
        raise RsvpError({"event": [_("This event is no longer taking sign-ups.")]})
    guest_problem = guests_problem(event=event, guests=guests)
    if guest_problem:
        raise RsvpError({"guests": [guest_problem]})
    answer_rows, answer_problems = answers_check(event=event, answers=answers)
    if answer_problems:
        raise RsvpError(answer_problems)
    # Everything that does not depend on the places left is checked before the lock, so a rush
    # queues only behind the few statements that must be serialized (see events.places).
    # A translated page takes places in its source's shifts: one event, one set. The stored
    # shifts (prefetched with the page, as the API does, or read now; never a page's unsaved
    # in-memory ones), each pointing at the owner: what each person is told is fingerprinted
    # from them (told_fingerprint).
    owner = event.shift_owner
    loaded = getattr(owner, "_prefetched_objects_cache", {}).get("shifts")
    if loaded is None:
        loaded = Shift.objects.filter(page=owner, pk__in=shift_ids)
    wanted = set(shift_ids)
    shifts = sorted((shift for shift in loaded if shift.pk in wanted), key=lambda s: s.pk)
    for shift in shifts:
        shift.page = owner
    unknown = sorted(set(shift_ids) - {shift.pk for shift in shifts})
    if unknown:
        raise RsvpError(
            {
                "timeslots": [
                    _("Shift %(id)s is not part of this event.") % {"id": shift_id}
                    for shift_id in unknown
                ]
            }
        )
    if any(shift.start_at <= now for shift in shifts):
        raise RsvpError({"timeslots": [_("That shift has already started.")]})
    gated = qualification_problems(person=person, shifts=shifts)
    if gated:
        raise RsvpError({"timeslots": gated})
    # Checked before the lock; two requests of one person at once are caught by the unique
    # constraint on active RSVPs instead (take_places raises AlreadyHeld).
    held = (
        []
        if person_is_new
        else list(RSVP.objects.filter(shift__in=shifts, person=person, status__in=RSVP.ACTIVE))
    )
    if held:
        raise AlreadySignedUp(held)
    template = RSVP(
        person=person,
        source=source,
        phone=str(phone or "")[:32],
        postal_code=(postal_code or "")[:10],
        utm_source=referrer.utm_source[:100],
        utm_medium=referrer.utm_medium[:100],
        utm_campaign=referrer.utm_campaign[:100],
        utm_term=referrer.utm_term[:100],
        utm_content=referrer.utm_content[:100],
        referrer_url=referrer.url[:500],
        sms_opt_in=sms_opt_in,
        transactional_sms_opt_in=transactional_sms_opt_in,
        language=language[:8],
        created_at=now,
        guests=guests,
        guest_names=(guest_names or "").strip()[:500] if guests else "",
        standing=standing,
    )
    return RsvpPlan(event=event, shifts=shifts, template=template, answers=answer_rows)


def rsvp_take(plan: RsvpPlan) -> list[RSVP]:
    """Take the places of a checked RSVP and send its confirmation.

    Outside a transaction (the API, the event page) the shifts' locks are held only while
    PostgreSQL runs one statement (events.places); inside one, until it commits."""
    from events import tasks

    try:
        taken = retry_when_sqlite_is_locked(
            lambda: take_places(shifts=plan.shifts, template=plan.template, answers=plan.answers)
        )
    except AlreadyHeld as held:
        raise AlreadySignedUp(held.rsvps) from None
    # Outside a transaction this sends the task at once; inside one, after it commits.
    enqueue_on_commit(tasks.send_rsvp_confirmation, [rsvp.pk for rsvp in taken.rsvps])
    # Only the benchmark listens (bench/settings.py sets the logger to DEBUG).
    lock_logger.debug(
        "waited_ms=%.3f held_ms=%.3f rsvps=%d",
        taken.waited * 1000,
        taken.held * 1000,
        len(taken.rsvps),
    )
    for shift in plan.shifts:
        shift.page = plan.event  # The caller reads the shifts in the page's own language.
    return taken.rsvps


def guests_problem(*, event: EventPage, guests) -> str:
    """Why `guests` cannot come along to `event`, or "" when they can."""
    if not isinstance(guests, int) or isinstance(guests, bool) or guests < 0:
        return _("The number of guests must be a whole number, 0 or more.")
    # The limit is the source page's: a translation may lag behind it until re-synced.
    limit = event.shift_owner.max_guests
    if guests > limit:
        if limit == 0:
            return _("This event does not take guests.")
        return ngettext(
            "You can bring at most %(count)d guest.",
            "You can bring at most %(count)d guests.",
            limit,
        ) % {"count": limit}
    return ""


def qualification_problems(*, person, shifts: list[Shift]) -> list[str]:
    """One message per qualification `person` lacks for some of `shifts` (training app),
    naming the qualification and the course that grants it."""
    from django.utils.translation import get_language

    from events.gating import shift_gates

    gates = shift_gates(user=person, shifts=shifts, language=get_language())
    by_qualification = {gate.qualification.pk: gate for gate in gates.values()}
    return [
        qualification_message(qualification=gate.qualification, course=gate.course)
        for gate in by_qualification.values()
    ]


def qualification_message(*, qualification, course) -> str:
    if course is None:
        return _(
            "This shift is only for volunteers with the “%(qualification)s” qualification. "
            "Ask the organizer how to get it."
        ) % {"qualification": qualification.name}
    url = course.get_full_url() or course.url or ""
    return _(
        "This shift is only for volunteers with the “%(qualification)s” qualification. Take the "
        "course “%(course)s” first (%(url)s), then sign up."
    ) % {"qualification": qualification.name, "course": course.title, "url": url}


def rsvp_cancel(*, rsvp: RSVP) -> RSVP:
    """Give up a place or a place in line; the first person waiting takes a freed place."""
    return retry_when_sqlite_is_locked(lambda: _rsvp_cancel(rsvp=rsvp))


def _rsvp_cancel(*, rsvp: RSVP) -> RSVP:
    with transaction.atomic():
        shift = Shift.objects.select_for_update().get(pk=rsvp.shift_id)
        rsvp = RSVP.objects.select_for_update().get(pk=rsvp.pk)
        if not rsvp.is_active:
            return rsvp
        held_place = rsvp.status == RSVP.Status.REGISTERED
        rsvp.status = RSVP.Status.CANCELLED
        rsvp.cancelled_at = timezone.now()
        rsvp.save(update_fields=["status", "cancelled_at"])
        if held_place:
            # Guests come and go with their host: their places are freed too.
            shift.attendee_count -= rsvp.places
            shift.save(update_fields=["attendee_count"])
            shift_promote_waitlist(shift=shift)
    return rsvp


def shift_promote_waitlist(*, shift: Shift) -> list[RSVP]:
    """Fill free places from the waitlist, first come first served, and tell those promoted."""
    from events import tasks
    from events.waitlist import promotion_deadline

    promoted = []
    now = timezone.now()
    with transaction.atomic():
        shift = Shift.objects.select_for_update().get(pk=shift.pk)
        if shift.page.is_cancelled:
            return []
        # Close to the start the event may ask the person to confirm in time (events.waitlist).
        deadline = promotion_deadline(shift=shift, now=now)
        while shift.capacity is None or shift.attendee_count < shift.capacity:
            waiting = (
                RSVP.objects.select_for_update()
                .filter(shift=shift, status=RSVP.Status.WAITLISTED)
                .order_by("created_at", "pk")
                .first()
            )
            # First come, first served: someone whose party does not fit yet is not skipped.
            if waiting is None or (
                shift.capacity is not None
                and shift.attendee_count + waiting.places > shift.capacity
            ):
                break
            waiting.status = RSVP.Status.REGISTERED
            waiting.promotion_expires_at = deadline
            waiting.save(update_fields=["status", "promotion_expires_at"])
            shift.attendee_count += waiting.places
            promoted.append(waiting)
        if promoted:
            shift.save(update_fields=["attendee_count"])
            for rsvp in promoted:
                enqueue_on_commit(tasks.send_notice, rsvp.pk, Notice.Kind.PROMOTED, "")
    return promoted


def rsvp_confirm_attendance(*, rsvp: RSVP) -> RSVP:
    from events.waitlist import promotion_expire, promotion_is_pending

    now = timezone.now()
    if promotion_is_pending(rsvp) and rsvp.promotion_expires_at <= now:
        # Too late: the place passes on now rather than at the next sweep (events.waitlist).
        promotion_expire(rsvp=rsvp, now=now)
        rsvp.refresh_from_db()
        return rsvp
    if rsvp.is_active and rsvp.confirmed_at is None:
        # One conditional UPDATE, so a confirmation never revives a promotion passed on (or
        # passing on) at the same moment: only one of the two finds the row as it expects.
        RSVP.objects.filter(
            Q(promotion_expires_at__isnull=True) | Q(promotion_expires_at__gt=now),
            pk=rsvp.pk,
            status__in=RSVP.ACTIVE,
            confirmed_at__isnull=True,
        ).update(confirmed_at=now, promotion_expires_at=None)
        rsvp.refresh_from_db()
    return rsvp


# --- Check-in desk -------------------------------------------------------------------------


def checkin_record(*, rsvp: RSVP, by=None) -> RSVP:
    """Mark someone as here. A waitlisted person who turns up is checked in as a walk-in."""
    with transaction.atomic():
        rsvp = RSVP.objects.select_for_update().get(pk=rsvp.pk)
        if rsvp.status == RSVP.Status.CANCELLED:
            raise RsvpError({"rsvp": [_("This sign-up was cancelled.")]})
        if rsvp.status == RSVP.Status.WAITLISTED:
            rsvp.status = RSVP.Status.WALK_IN
        was_here = rsvp.attendance == RSVP.Attendance.ATTENDED
        rsvp.attendance = RSVP.Attendance.ATTENDED
        rsvp.checked_in_at = rsvp.checked_in_at or timezone.now()
        rsvp.save(update_fields=["status", "attendance", "checked_in_at"])
        if not was_here:
            audit_log(instance=rsvp, action=CHECKIN, user=by, data=_desk_data(rsvp))
    logger.info("RSVP %s checked in by %s", rsvp.pk, getattr(by, "pk", None))
    return rsvp


def checkin_mark_no_show(*, rsvp: RSVP, by=None) -> RSVP:
    with transaction.atomic():
        rsvp = RSVP.objects.select_for_update().get(pk=rsvp.pk)
        if rsvp.status == RSVP.Status.CANCELLED:
            raise RsvpError({"rsvp": [_("This sign-up was cancelled.")]})
        # After a check-in this takes it back: logged as an undo, so the desk's mistakes show.
        action = CHECKIN_UNDO if rsvp.attendance == RSVP.Attendance.ATTENDED else NO_SHOW
        rsvp.attendance = RSVP.Attendance.NO_SHOW
        rsvp.checked_in_at = None
        rsvp.save(update_fields=["attendance", "checked_in_at"])
        audit_log(instance=rsvp, action=action, user=by, data=_desk_data(rsvp))
    return rsvp


def checkin_undo(*, rsvp: RSVP, by=None) -> RSVP:
    """Take back a check-in made by mistake: the attendance is not recorded again."""
    with transaction.atomic():
        rsvp = RSVP.objects.select_for_update().get(pk=rsvp.pk)
        if rsvp.attendance != RSVP.Attendance.ATTENDED:
            return rsvp
        rsvp.attendance = RSVP.Attendance.UNKNOWN
        rsvp.checked_in_at = None
        rsvp.save(update_fields=["attendance", "checked_in_at"])
        audit_log(instance=rsvp, action=CHECKIN_UNDO, user=by, data=_desk_data(rsvp))
    return rsvp


# Walk-ins: events.desk.services.walk_in_add (the desk never looks an email up).


def _desk_data(rsvp: RSVP) -> dict:
    return {"shift_id": rsvp.shift_id, "person_id": rsvp.person_id}


def shift_report_save(*, shift: Shift, data: dict, by=None) -> ShiftReport:
    fields = ("doors_knocked", "calls_made", "conversations", "voter_registrations", "notes")
    with transaction.atomic():
        report, _created = ShiftReport.objects.select_for_update().get_or_create(shift=shift)
        for name in fields:
            if name in data:
                setattr(report, name, data[name])
        report.updated_by = by
        report.save()
    return report


# --- Reminders and notices -----------------------------------------------------------------


def reminder_due_at(*, shift: Shift, kind: str) -> datetime:
    """When a reminder is due. "A day before" means the same clock time on the day before, in the
    event's own zone, so it stays right across a daylight-saving change."""
    if kind == Notice.Kind.TWO_HOURS:
        return shift.start_at - TWO_HOURS
    zone = shift.page.zone
    local = timezone.localtime(shift.start_at, zone).replace(tzinfo=None) - timedelta(days=1)
    return timezone.make_aware(local, zone)


def reminders_due(*, now: datetime | None = None) -> list[tuple[int, str, str]]:
    """(rsvp id, kind, key) for every reminder due now and not yet sent."""
    now = now or timezone.now()
    shifts = (
        Shift.objects.filter(
            start_at__gt=now,
            start_at__lte=now + timedelta(hours=26),
            page__live=True,
            page__is_cancelled=False,
        )
        .select_related("page")
        .order_by("start_at")
    )
    due = []
    for shift in shifts:
        two_hours_due = reminder_due_at(shift=shift, kind=Notice.Kind.TWO_HOURS) <= now
        kind = Notice.Kind.TWO_HOURS if two_hours_due else Notice.Kind.DAY_BEFORE
        due_at = reminder_due_at(shift=shift, kind=kind)
        if due_at > now:
            continue
        key = shift.start_at.isoformat()
        rsvps = (
            RSVP.objects.filter(shift=shift, status=RSVP.Status.REGISTERED, created_at__lt=due_at)
            .exclude(notices__kind=kind, notices__key=key)
            .values_list("pk", flat=True)
        )
        due.extend((rsvp_id, str(kind), key) for rsvp_id in rsvps)
    return due


def reminders_send_due(*, now: datetime | None = None) -> int:
    from events import tasks

    due = reminders_due(now=now)
    for rsvp_id, kind, key in due:
        tasks.send_notice.delay(rsvp_id, kind, key)
    return len(due)


def notice_claim(*, rsvp_id: int, kind: str, key: str = "") -> Notice | None:
    """Record a notice before sending it; None when it was already recorded (sent or sending)."""
    try:
        with transaction.atomic():
            return Notice.objects.create(rsvp_id=rsvp_id, kind=kind, key=key[:100])
    except IntegrityError:
        return None


def _notice_still_relevant(*, rsvp: RSVP, kind: str) -> bool:
    return {
        Notice.Kind.CANCELLED: rsvp.status == RSVP.Status.CANCELLED,
        Notice.Kind.PROMOTED: rsvp.status == RSVP.Status.REGISTERED,
        Notice.Kind.DAY_BEFORE: rsvp.status == RSVP.Status.REGISTERED,
        Notice.Kind.TWO_HOURS: rsvp.status == RSVP.Status.REGISTERED,
        Notice.Kind.CHANGED: rsvp.is_active,
        Notice.Kind.ALREADY_SIGNED_UP: rsvp.is_active,
        Notice.Kind.PROMOTION_EXPIRED: rsvp.status == RSVP.Status.CANCELLED,
    }.get(kind, True)


def notices_resend_lost(*, now: datetime | None = None, limit: int = 500) -> int:
    """Send again the notices lost with their worker or refused by the mail server, while the
    shift is still ahead (see portal/notices.py). Returns how many were sent. The short window
    between a send and its mark is the only way one could arrive twice."""
    now = now or timezone.now()
    lost = (
        Notice.objects.filter(
            **lost_notices_filter(now=now), rsvp__shift__start_at__gt=now, outcome_unknown=False
        )
        .select_related("rsvp__shift__page", "rsvp__person")
        .order_by("pk")[:limit]
    )
    return notices_resend(
        lost=list(lost),
        still_relevant=lambda notice: _notice_still_relevant(rsvp=notice.rsvp, kind=notice.kind),
        send=_notice_send_again,
        now=now,
    )


def _notice_send_again(notice: Notice) -> None:
    """Send a recorded notice's email once more and stamp it sent (a lost one, or one an
    organizer chose to resend); a lost answer after the final "." marks it unknown again."""
    from events import emails

    try:
        if notice.kind == Notice.Kind.CONFIRMATION:
            emails.send_rsvp_confirmation(rsvps=[notice.rsvp])
        elif notice.kind == Notice.Kind.ALREADY_SIGNED_UP:
            emails.send_already_signed_up(rsvps=[notice.rsvp])
        else:
            emails.send_rsvp_notice(rsvp=notice.rsvp, kind=notice.kind)
    except AcceptanceUnknown:
        _notices_outcome_unknown(Notice.objects.filter(pk=notice.pk))
        raise
    Notice.objects.filter(pk=notice.pk).update(sent_at=timezone.now())


def notices_resend_unknown(*, notices, by) -> int:
    """An organizer sends again the event emails whose outcome is unknown; some people may then
    get one twice, which is why this is never automatic (DESIGN: delivery states tell the truth).

    Each notice is taken with one conditional UPDATE (flag cleared, retries reset, recorded
    afresh), so two clicks never send it twice; the email then goes out after commit through
    the sweep's own path (`notices_send_again`), and a worker lost on the way is swept like any
    other. One audit entry per event. Returns how many were taken.
    """
    from events import tasks

    if not can_run_desk_for_all(by):
        raise PermissionDenied
    now = timezone.now()
    with transaction.atomic():
        candidates = (
            notices.filter(outcome_unknown=True, sent_at__isnull=True)
            .select_related("rsvp__shift__page")
            .order_by("pk")
        )
        taken_by_event: dict[EventPage, list[int]] = {}
        for notice in candidates:
            taken = Notice.objects.filter(
                pk=notice.pk, outcome_unknown=True, sent_at__isnull=True
            ).update(outcome_unknown=False, retries=0, created_at=now)
            if taken:
                taken_by_event.setdefault(notice.rsvp.shift.page, []).append(notice.pk)
        taken_ids = [pk for ids in taken_by_event.values() for pk in ids]
        for event, ids in taken_by_event.items():
            audit_log(
                instance=event,
                action=NOTICES_RESEND_UNKNOWN,
                user=by,
                data={"count": len(ids), "notices": ids},
            )
        if taken_ids:
            enqueue_on_commit(tasks.resend_notices, taken_ids)
    return len(taken_ids)


def notices_send_again(*, notice_ids: list[int]) -> int:
    """Send the chosen notices that are still unsent, each at most once (see notices_resend)."""
    notices = (
        Notice.objects.filter(pk__in=notice_ids, sent_at__isnull=True, outcome_unknown=False)
        .select_related("rsvp__shift__page", "rsvp__person")
        .order_by("pk")
    )
    return notices_resend(
        lost=list(notices),
        still_relevant=lambda notice: _notice_still_relevant(rsvp=notice.rsvp, kind=notice.kind),
        send=_notice_send_again,
        now=timezone.now(),
    )


def notice_send(*, rsvp_id: int, kind: str, key: str = "") -> bool:
    """Send one notice about one RSVP, at most once. True when this call sent it."""
    from events import emails, texts

    rsvp = RSVP.objects.select_related("shift__page", "person").filter(pk=rsvp_id).first()
    if rsvp is None:
        return False
    if not _notice_still_relevant(rsvp=rsvp, kind=kind):
        return False
    # The same notice by text to those who asked for texts (recorded once per number).
    texts.rsvp_notice_text(rsvp=rsvp, kind=kind, key=key)
    notice = notice_claim(rsvp_id=rsvp.pk, kind=kind, key=key)
    if notice is None:
        return False
    try:
        emails.send_rsvp_notice(rsvp=rsvp, kind=kind)
    except AcceptanceUnknown:
        _notices_outcome_unknown(Notice.objects.filter(pk=notice.pk))
        return False
    Notice.objects.filter(pk=notice.pk).update(sent_at=timezone.now())
    return True


def _notices_outcome_unknown(notices) -> None:
    """The server may have the message: recorded as such, and left out of the lost-notice sweep,
    so a person is never told twice by a retry (see docs on the "unknown" delivery state)."""
    notices.update(outcome_unknown=True)
    logger.warning("Notice(s) %s: no answer after the message was handed over", list(notices))


def rsvp_send_confirmation(*, rsvp_ids: list[int]) -> bool:
    """One email for the shifts someone just chose, with calendar attachments."""
    from events import emails

    rsvps = list(
        RSVP.objects.select_related("shift__page", "person")
        .filter(pk__in=rsvp_ids)
        .order_by("shift__start_at")
    )
    claimed = [
        rsvp for rsvp in rsvps if notice_claim(rsvp_id=rsvp.pk, kind=Notice.Kind.CONFIRMATION)
    ]
    if not claimed:
        return False
    sent = Notice.objects.filter(rsvp__in=claimed, kind=Notice.Kind.CONFIRMATION)
    try:
        emails.send_rsvp_confirmation(rsvps=claimed)
    except AcceptanceUnknown:
        _notices_outcome_unknown(sent)
        return False
    sent.update(sent_at=timezone.now())
    return True


def rsvp_remind_already_signed_up(*, rsvps: list[RSVP]) -> None:
    """Someone used the public form for shifts this person already holds: tell the person, by
    email, with their change/cancel link. At most one such email per RSVP a day, so the form
    cannot be used to flood an inbox."""
    from events import tasks

    day = timezone.localdate().isoformat()
    enqueue_on_commit(tasks.send_already_signed_up, [rsvp.pk for rsvp in rsvps], day)


def rsvp_send_already_signed_up(*, rsvp_ids: list[int], key: str) -> bool:
    from events import emails

    rsvps = list(
        RSVP.objects.select_related("shift__page", "person")
        .filter(pk__in=rsvp_ids, status__in=RSVP.ACTIVE)
        .order_by("shift__start_at")
    )
    claimed = [
        rsvp
        for rsvp in rsvps
        if notice_claim(rsvp_id=rsvp.pk, kind=Notice.Kind.ALREADY_SIGNED_UP, key=key)
    ]
    if not claimed:
        return False
    emails.send_already_signed_up(rsvps=claimed)
    Notice.objects.filter(rsvp__in=claimed, kind=Notice.Kind.ALREADY_SIGNED_UP, key=key).update(
        sent_at=timezone.now()
    )
    return True


def _change_key(told: str) -> str:
    return hashlib.sha256(told.encode()).hexdigest()[:40]


def event_after_publish(*, event_id: int) -> dict[str, int]:
    """After an organizer publishes: announce changes, close a cancelled event, fill places."""
    from events import tasks

    event = EventPage.objects.filter(pk=event_id).first()
    if event is None:
        return {}
    if event.is_cancelled:
        return {"cancelled": event_cancel(event=event)}
    changed = 0
    with transaction.atomic():
        rsvps = RSVP.objects.select_for_update().filter(
            shift__page=event, status__in=RSVP.ACTIVE, shift__end_at__gt=timezone.now()
        )
        for rsvp in rsvps.select_related("shift"):
            told = told_fingerprint(shift=rsvp.shift, event=event)
            if rsvp.told_fingerprint == told:
                continue
            # A row that never recorded what it was told (made before every path recorded it)
            # has no known change to announce: it starts from what the event says now.
            announce = bool(rsvp.told_fingerprint)
            rsvp.told_fingerprint = told
            rsvp.save(update_fields=["told_fingerprint"])
            if announce:
                enqueue_on_commit(
                    tasks.send_notice, rsvp.pk, Notice.Kind.CHANGED, _change_key(told)
                )
                changed += 1
    promoted = sum(len(shift_promote_waitlist(shift=shift)) for shift in event.shifts.all())
    return {"changed": changed, "promoted": promoted}


def event_cancel(*, event: EventPage) -> int:
    """Close every RSVP of a cancelled event and tell each person once."""
    from events import tasks

    closed = 0
    now = timezone.now()
    with transaction.atomic():
        for shift in Shift.objects.select_for_update().filter(page=event).order_by("pk"):
            rsvps = list(
                RSVP.objects.select_for_update().filter(shift=shift, status__in=RSVP.ACTIVE)
            )
            for rsvp in rsvps:
                rsvp.status = RSVP.Status.CANCELLED
                rsvp.cancelled_at = now
                rsvp.save(update_fields=["status", "cancelled_at"])
                enqueue_on_commit(tasks.send_notice, rsvp.pk, Notice.Kind.CANCELLED, "")
            closed += len(rsvps)
            if shift.attendee_count:
                shift.attendee_count = 0
                shift.save(update_fields=["attendee_count"])
    return closed


# --- Volunteer-hosted events ------------------------------------------------------------------


def hosted_event_submit(*, index, host, data: dict) -> EventPage:
    """Save a volunteer's proposed event as a draft and put it in the organizers' review queue."""
    from django.utils.text import slugify

    with transaction.atomic():
        event = EventPage(
            title=data["title"],
            slug=f"{slugify(data['title'])[:40] or 'event'}-{timezone.now():%Y%m%d%H%M%S}",
            summary=data["summary"],
            event_type=data["event_type"],
            timezone=data["timezone"],
            is_virtual=bool(data.get("is_virtual")),
            virtual_join_url=data.get("virtual_join_url", ""),
            venue=data.get("venue", ""),
            street_address=data.get("street_address", ""),
            locality=data.get("locality", ""),
            region=data.get("region", ""),
            postal_code=data.get("postal_code", ""),
            contact_name=host.get_full_name(),
            contact_email=host.email,
            host=host,
            owner=host,
            live=False,
        )
        event.shifts.add(
            Shift(start_at=data["starts_at"], end_at=data["ends_at"], capacity=data.get("capacity"))
        )
        index.add_child(instance=event)
        revision = event.save_revision(user=host, log_action=True)
        workflow = event.get_workflow()
        if workflow is not None:
            workflow.start(event, host)
    logger.info("Hosted event %s proposed by user %s (revision %s)", event.pk, host.pk, revision.pk)
    return event


def hosted_event_notify_approved(*, event_id: int) -> bool:
    """Tell the host their event is live, once."""
    from events import emails

    with transaction.atomic():
        event = EventPage.objects.select_for_update().filter(pk=event_id).first()
        if event is None or event.host is None or not event.live or event.host_notified_at:
            return False
        EventPage.objects.filter(pk=event.pk).update(host_notified_at=timezone.now())
    emails.send_host_approved(event=event)
    return True


# --- API keys ------------------------------------------------------------------------------


def api_key_create(
    *, name: str, owner=None, can_read_insights: bool = False, is_active: bool = True
) -> tuple[ApiKey, str]:
    """A new key; the raw key is returned once and never stored (only its hash)."""
    raw = ApiKey.generate()
    key = ApiKey(name=name, owner=owner, can_read_insights=can_read_insights, is_active=is_active)
    key.set_key(raw)
    key.save()
    return key, raw


def api_key_revoke(*, name: str) -> int:
    """Deactivate every active key named `name` (rotation: create the new one first); the count."""
    with transaction.atomic():
        count = ApiKey.objects.filter(name=name, is_active=True).update(is_active=False)
        move_on(API_KEYS_GENERATION)  # No process may go on accepting them.
    return count


def api_key_authenticate(*, authorization: str) -> ApiKey | None:
    """The active key sent as `Authorization: Bearer <key>`, or None.

    Every API that takes keys (the events API's writes, the insights API) authenticates here;
    what the key may do is the caller's check. Its last use is recorded at most once a minute,
    so a burst of requests does not queue on this one row.
    """
    scheme, _space, raw = (authorization or "").partition(" ")
    raw = raw.strip()
    # Real keys are far shorter: an oversized header is refused before hashing or a query.
    if scheme.lower() != "bearer" or not raw or len(raw) > 200:
        return None
    hashed = hash_api_key(raw)
    # Kept in the shared cache until any key is saved, deleted or revoked (portal.remembered):
    # a rush of sign-ups through one integration asks for the same key hundreds of times.
    key = remembered(
        f"events:api-key:{hashed}",
        generation=API_KEYS_GENERATION,
        build=lambda: ApiKey.objects.filter(key_hash=hashed, is_active=True).first(),
        # A key switched off behind the models' backs (a bulk UPDATE) stops within a minute.
        seconds=60,
    )
    if key is not None:
        _record_use(key)
    return key


API_KEYS_GENERATION = "events:api-keys:generation"
# Key hash → when this process last wrote the key's last use (time.monotonic()).
_uses_recorded: dict[str, float] = {}


def _record_use(key: ApiKey) -> None:
    """Write the key's last use at most once a minute per process (and the UPDATE skips rows
    another process wrote within the minute), so a burst does not queue on this one row."""
    moment = time.monotonic()
    if moment - _uses_recorded.get(key.key_hash, -math.inf) < 60:
        return
    _uses_recorded[key.key_hash] = moment
    now = timezone.now()
    ApiKey.objects.filter(pk=key.pk).exclude(last_used_at__gt=now - timedelta(minutes=1)).update(
        last_used_at=now
    )


def _api_key_changed(sender, **kwargs) -> None:
    move_on(API_KEYS_GENERATION)


post_save.connect(_api_key_changed, sender=ApiKey, dispatch_uid="events.api_key.saved")
post_delete.connect(_api_key_changed, sender=ApiKey, dispatch_uid="events.api_key.deleted")
