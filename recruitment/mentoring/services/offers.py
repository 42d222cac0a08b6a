"""Offers to mentor and requests for a mentor: making, changing, approving and withdrawing them,
including the "I'd like a mentor" box on the sign-up form."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.activities import Activity
from recruitment.mentoring.models import MAX_MENTEES, MentorPair, MentorProfile, MentorRequest
from recruitment.mentoring.services.common import MentoringError, clean_choices
from recruitment.models import Availability, Language, Volunteer


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
    languages = clean_choices(languages, Language.values)
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
        profile.interests = clean_choices(interests, Activity.values)
        profile.availability = clean_choices(availability, Availability.values)
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
                    interests=clean_choices(interests, Activity.values),
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


# The mark a known address's sign-up carries until its owner confirms (existing rows use it too).
WANTS_MENTOR = "wants_mentor"


def signup_request_mentor(*, signup) -> MentorRequest | None:
    """ "I'd like a mentor" on the sign-up's second step. A new person's request is made now (it
    joins the matching pool once they confirm their address); for an address we already knew,
    it waits on the sign-up until its owner confirms, like the rest of what was sent."""
    from recruitment.models import Signup

    with transaction.atomic():
        signup = (
            Signup.objects.select_for_update(of=("self",))
            .select_related("volunteer")
            .get(pk=signup.pk)
        )
        if not signup.created_person:
            signup.pending_profile = {**signup.pending_profile, WANTS_MENTOR: True}
            signup.save(update_fields=["pending_profile"])
            return None
        try:
            return mentor_request_create(
                newcomer=signup.volunteer, source=MentorRequest.Source.SIGNUP
            )
        except MentoringError:
            return None


def signup_confirmed_request_mentor(*, volunteer: Volunteer, pending: dict) -> MentorRequest | None:
    """The owner of a known address confirmed a sign-up on which "I'd like a mentor" waited."""
    if not pending.get(WANTS_MENTOR):
        return None
    try:
        return mentor_request_create(newcomer=volunteer, source=MentorRequest.Source.SIGNUP)
    except MentoringError:
        # They already asked or already have a mentor: nothing more to do.
        return None
