"""Sign-up, confirmation, profile, consents and erasure."""

from __future__ import annotations

import functools
import logging
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from portal.db import retry_when_sqlite_is_locked, row_placeholders, row_values, stored_as
from portal.links import absolute_url
from portal.mail import email_build
from portal.tasks import enqueue_on_commit
from recruitment import selectors, signals
from recruitment.consent import CHANNELS, WORDING
from recruitment.models import (
    Consent,
    Partner,
    Signup,
    Volunteer,
    VolunteerInterest,
    VolunteerLanguage,
)
from recruitment.services.internships import applications_erase
from recruitment.tokens import confirmation_token

logger = logging.getLogger(__name__)

# Profile keys a sign-up may carry; the names match `profile_apply`'s arguments.
PROFILE_KEYS = (
    "first_name",
    "last_name",
    "pronouns",
    "postal_code",
    "phone",
    "interests",
    "availability",
    "skills",
    "languages",
    "preferred_language",
    "accessibility_needs",
    "heard_about",
    "heard_about_detail",
)
USER_KEYS = ("first_name", "last_name", "pronouns")
USER_CREATE_ATTEMPTS = 5


@dataclass(frozen=True)
class SignupSource:
    """Where a sign-up came from, as captured from the request."""

    utm_source: str = ""
    utm_medium: str = ""
    utm_campaign: str = ""
    utm_term: str = ""
    utm_content: str = ""
    referrer_url: str = ""
    partner: Partner | None = None
    referred_by: Volunteer | None = None
    ip_address: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _find_or_create_user(*, email: str, first_name: str, last_name: str):
    """The account for `email` (any letter case), creating it when there is none.

    Two sign-ups for one new address can race: the case-insensitive unique constraint lets one
    insert win, and the loser finds the winner's row on its next attempt.
    """
    User = get_user_model()
    email = User.objects.normalize_email(email.strip())
    for _attempt in range(USER_CREATE_ATTEMPTS):
        user = User.objects.filter(email__iexact=email).first()
        if user is not None:
            return user, False
        try:
            with transaction.atomic():
                user = User(email=email, first_name=first_name, last_name=last_name)
                # Volunteers log in with an emailed code until they choose a password.
                user.set_unusable_password()
                user.save()
            return user, True
        except IntegrityError:
            continue
    return User.objects.get(email__iexact=email), False


def _volunteer_for(user) -> tuple[Volunteer, bool]:
    for _attempt in range(USER_CREATE_ATTEMPTS):
        volunteer = Volunteer.objects.filter(user=user).first()
        if volunteer is not None:
            return volunteer, False
        try:
            with transaction.atomic():
                return Volunteer.objects.create(user=user), True
        except IntegrityError:
            continue
    return Volunteer.objects.get(user=user), False


def volunteer_get_or_create(
    *, email: str, first_name: str = "", last_name: str = "", postal_code: str = ""
) -> tuple[Volunteer, bool]:
    """The volunteer behind an address (any letter case), made when new; for other apps (e.g.
    an event RSVP) that need a person but record no consents. Known people are not changed."""
    if connection.vendor == "postgresql":
        with transaction.atomic(savepoint=False):
            for _attempt in range(USER_CREATE_ATTEMPTS):
                found = _found_or_made_in_one_statement(
                    email=email, first_name=first_name, last_name=last_name, postal_code=postal_code
                )
                if found is not None:
                    return found
            user = get_user_model().objects.get(email__iexact=email.strip())
            return _profile_of(user, postal_code=postal_code), False

    def write():
        # Joins the caller's transaction when there is one (the API's RSVP): a savepoint would
        # cost two more round trips, and nothing in here recovers from an error mid-way.
        with transaction.atomic(savepoint=False):
            user, created_user = _find_or_create_user(
                email=email, first_name=first_name, last_name=last_name
            )
            if created_user:
                # Nobody else can see the account before this commits, so it has no profile
                # yet: one insert, with the postal code, instead of a look-up and an update
                # (an RSVP rush creates hundreds of these at once).
                return Volunteer.objects.create(user=user, postal_code=postal_code[:10]), True
            return _profile_of(user, postal_code=postal_code), False

    return retry_when_sqlite_is_locked(write)


def _profile_of(user, *, postal_code: str) -> Volunteer:
    """A known account's volunteer profile, made (with the postal code) if it has none."""
    volunteer, created_volunteer = _volunteer_for(user)
    if created_volunteer and not volunteer.postal_code and postal_code:
        volunteer.postal_code = postal_code[:10]
        volunteer.save(update_fields=["postal_code"])
    return volunteer


def _found_or_made_in_one_statement(
    *, email: str, first_name: str, last_name: str, postal_code: str
) -> tuple[Volunteer, bool] | None:
    """PostgreSQL: the volunteer for `email`, or a new account and profile, in one statement (a
    rush of RSVPs makes hundreds of people a second; the steps one by one were five round
    trips). None when another request made the same address at that moment: ask again."""
    User = get_user_model()
    user = User(
        email=User.objects.normalize_email(email.strip()),
        first_name=first_name,
        last_name=last_name,
    )
    # Volunteers log in with an emailed code until they choose a password.
    user.set_unusable_password()
    volunteer = Volunteer(user=user, postal_code=postal_code[:10])
    sql, user_fields, profile_fields = _found_or_made_statement()
    values = [user.email, *row_values(user, user_fields), *row_values(volunteer, profile_fields)]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        found_id, user_id, profile_id = cursor.fetchone()
    if found_id is not None:
        return _profile_of(User.objects.get(pk=found_id), postal_code=postal_code), False
    if user_id is None:
        return None
    stored_as(user, user_id)
    stored_as(volunteer, profile_id)
    volunteer.user = user
    return volunteer, True


@functools.cache
def _found_or_made_statement() -> tuple[str, tuple, tuple]:
    """The SQL of _found_or_made_in_one_statement and the fields its two rows are made of: the
    same for every person, so worked out once per process."""
    User = get_user_model()
    user_fields = tuple(field for field in User._meta.concrete_fields if not field.primary_key)
    profile_fields = tuple(
        field
        for field in Volunteer._meta.concrete_fields
        if not field.primary_key and field.attname != "user_id"
    )
    quote = connection.ops.quote_name
    users = quote(User._meta.db_table)
    user_columns = ", ".join(quote(field.column) for field in user_fields)
    profile_columns = ", ".join(quote(field.column) for field in profile_fields)
    user_row, profile_row = row_placeholders(user_fields), row_placeholders(profile_fields)
    # lower(email): the expression of the case-insensitive unique index (user_email_ci_unique).
    sql = f"""
        WITH found AS (
            SELECT id FROM {users} WHERE lower(email) = lower(%s) LIMIT 1
        ), made AS (
            INSERT INTO {users} ({user_columns})
            SELECT * FROM (VALUES {user_row}) AS v({user_columns})
            WHERE NOT EXISTS (SELECT 1 FROM found)
            ON CONFLICT DO NOTHING
            RETURNING id
        ), profile AS (
            INSERT INTO {quote(Volunteer._meta.db_table)} (user_id, {profile_columns})
            SELECT made.id, v.* FROM made CROSS JOIN (VALUES {profile_row}) AS v({profile_columns})
            RETURNING id
        )
        SELECT (SELECT id FROM found), (SELECT id FROM made), (SELECT id FROM profile)
    """
    return sql, user_fields, profile_fields


def _serializable(profile: dict[str, Any]) -> dict[str, Any]:
    data = {key: value for key, value in profile.items() if key in PROFILE_KEYS}
    if "phone" in data:
        data["phone"] = str(data["phone"] or "")
    return data


def profile_apply(*, volunteer: Volunteer, profile: dict[str, Any]) -> Volunteer:
    """Write the given profile keys (and only those) to the volunteer and their account."""
    with transaction.atomic():
        user = volunteer.user
        if user is not None:
            changed_user = [key for key in USER_KEYS if key in profile]
            for key in changed_user:
                setattr(user, key, profile[key] or "")
            if changed_user:
                user.save(update_fields=changed_user)
        for key in (
            "postal_code",
            "phone",
            "availability",
            "skills",
            "preferred_language",
            "accessibility_needs",
            "heard_about",
            "heard_about_detail",
        ):
            if key in profile:
                value = profile[key]
                setattr(volunteer, key, list(value) if key == "availability" else (value or ""))
        if "show_on_leaderboard" in profile:
            volunteer.show_on_leaderboard = bool(profile["show_on_leaderboard"])
        volunteer.save()
        if "interests" in profile:
            volunteer.interests.all().delete()
            VolunteerInterest.objects.bulk_create(
                VolunteerInterest(volunteer=volunteer, activity=value)
                for value in dict.fromkeys(profile["interests"])
            )
        if "languages" in profile:
            volunteer.languages.all().delete()
            VolunteerLanguage.objects.bulk_create(
                VolunteerLanguage(volunteer=volunteer, language=value)
                for value in dict.fromkeys(profile["languages"])
            )
    return volunteer


def volunteer_signup(
    *,
    email: str,
    profile: dict[str, Any],
    consents: list[str],
    source: SignupSource,
    language: str,
    kind: str = Signup.Kind.WEB,
    send_confirmation: bool = True,
) -> Signup:
    """Record a sign-up and (unless told not to) send the confirmation email after commit.

    A new address makes a new account and volunteer at once. An address we already know gets no
    changes yet: what was sent waits on the sign-up until the address's owner confirms it, so
    nobody can rewrite someone else's profile or consents by typing their email.
    """
    return retry_when_sqlite_is_locked(
        lambda: _volunteer_signup(
            email=email,
            profile=profile,
            consents=consents,
            source=source,
            language=language,
            kind=kind,
            send_confirmation=send_confirmation,
        )
    )


def _volunteer_signup(
    *,
    email: str,
    profile: dict[str, Any],
    consents: list[str],
    source: SignupSource,
    language: str,
    kind: str,
    send_confirmation: bool,
) -> Signup:
    with transaction.atomic():
        user, created_user = _find_or_create_user(
            email=email,
            first_name=profile.get("first_name", ""),
            last_name=profile.get("last_name", ""),
        )
        volunteer, created_volunteer = _volunteer_for(user)
        created_person = created_user and created_volunteer
        if created_person:
            volunteer.preferred_language = language
            volunteer.referred_by = source.referred_by
            profile_apply(volunteer=volunteer, profile=profile)
        signup = Signup.objects.create(
            volunteer=volunteer,
            kind=kind,
            created_person=created_person,
            partner=source.partner,
            referred_by=source.referred_by,
            utm_source=source.utm_source[:100],
            utm_medium=source.utm_medium[:100],
            utm_campaign=source.utm_campaign[:100],
            utm_term=source.utm_term[:100],
            utm_content=source.utm_content[:100],
            referrer_url=source.referrer_url[:500],
            ip_address=source.ip_address,
            language=language,
            requested_consents=[channel for channel in CHANNELS if channel in consents],
            pending_profile={} if created_person else _serializable(profile),
        )
        if send_confirmation:
            from recruitment import tasks

            enqueue_on_commit(tasks.send_signup_confirmation, signup.pk)
    return signup


def signup_add_details(
    *, signup: Signup, details: dict[str, Any], wishes: Collection[str] = ()
) -> Signup:
    """The optional second sign-up step. Same rule as the first: known people wait for consent.

    `wishes` are what the person asked for beyond their profile (e.g. "mentor"); the apps that
    grant them receive `signals.signup_details_added`.
    """
    with transaction.atomic():
        signup = Signup.objects.select_for_update().get(pk=signup.pk)
        if signup.created_person:
            profile_apply(volunteer=signup.volunteer, profile=details)
        else:
            signup.pending_profile = {**signup.pending_profile, **_serializable(details)}
            signup.save(update_fields=["pending_profile"])
        if wishes:
            signals.signup_details_added.send(
                sender=Signup, signup=signup, wishes=frozenset(wishes)
            )
    return signup


def signup_send_confirmation(*, signup_id: int) -> bool:
    """Email the confirmation link once; True when this call sent it."""
    with transaction.atomic():
        signup = (
            Signup.objects.select_for_update(of=("self",))
            .select_related("volunteer__user")
            .filter(pk=signup_id)
            .first()
        )
        if signup is None or signup.confirmation_sent_at or signup.volunteer.user is None:
            return False
        user = signup.volunteer.user
        with translation.override(signup.language):
            path = reverse("recruitment:confirm", args=[confirmation_token(signup.pk)])
            context = {
                "name": user.get_short_name(),
                "confirm_url": absolute_url(path),
                "already_confirmed": signup.volunteer.is_confirmed,
            }
        message = email_build(
            template="emails/recruitment_confirm",
            context=context,
            to=[user.email],
            language=signup.language,
        )
        message.send()
        signup.confirmation_sent_at = timezone.now()
        signup.save(update_fields=["confirmation_sent_at"])
    return True


def signup_confirm(*, signup: Signup) -> Volunteer:
    """The address's owner clicked the link: the person is confirmed, the sign-up takes effect.

    Safe to repeat: a second click changes nothing.
    """
    with transaction.atomic():
        signup = (
            Signup.objects.select_for_update(of=("self",))
            .select_related("volunteer")
            .get(pk=signup.pk)
        )
        volunteer = signup.volunteer
        if signup.confirmed_at is not None or volunteer.user_id is None:
            return volunteer
        now = timezone.now()
        if not volunteer.is_confirmed:
            volunteer.confirmed_at = now
            volunteer.save(update_fields=["confirmed_at"])
        if signup.pending_profile:
            profile_apply(volunteer=volunteer, profile=signup.pending_profile)
        # E.g. a known address's "I'd like a mentor" waited here for this confirmation.
        signals.signup_confirmed.send(
            sender=Signup, signup=signup, volunteer=volunteer, pending=signup.pending_profile
        )
        for channel in signup.requested_consents:
            consent_record(
                volunteer=volunteer,
                channel=channel,
                granted=True,
                source=Consent.Source.SIGNUP,
                ip_address=signup.ip_address,
                partner=signup.partner if channel == Consent.Channel.PARTNERS else None,
            )
        signup.confirmed_at = now
        signup.pending_profile = {}
        signup.save(update_fields=["confirmed_at", "pending_profile"])
        _mark_email_verified(volunteer.user)
    return volunteer


def _mark_email_verified(user) -> None:
    # allauth keeps its own record of verified addresses; confirming sign-up proves this one.
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user,
        email__iexact=user.email,
        defaults={"email": user.email, "verified": True, "primary": True},
    )


def consent_record(
    *,
    volunteer: Volunteer,
    channel: str,
    granted: bool,
    source: str,
    ip_address: str | None = None,
    partner: Partner | None = None,
) -> Consent:
    if channel not in CHANNELS:
        raise ValueError(f"Unknown consent channel: {channel!r}")
    return Consent.objects.create(
        volunteer=volunteer,
        channel=channel,
        partner=partner,
        granted=granted,
        wording_version=WORDING[channel].version,
        source=source,
        ip_address=ip_address,
    )


def volunteer_set_consents(
    *,
    volunteer: Volunteer,
    choices: dict[str, bool],
    source: str,
    ip_address: str | None = None,
) -> list[Consent]:
    """Record only the choices that differ from the person's current state."""
    with transaction.atomic():
        current = selectors.consent_state(volunteer=volunteer)
        return [
            consent_record(
                volunteer=volunteer,
                channel=channel,
                granted=granted,
                source=source,
                ip_address=ip_address,
            )
            for channel, granted in choices.items()
            if channel in CHANNELS and current.get(channel, False) != granted
        ]


def volunteers_sms_consent_set(*, number: str, users, granted: bool) -> int:
    """A STOP or START texted from `number`: recorded for every profile on that number (its own
    mobile, or the accounts the caller found texting it), so a number shared by two accounts
    opts both out. Only profiles whose choice changes get a row. Returns how many did."""
    volunteers = Volunteer.objects.filter(Q(phone=number) | Q(user__in=list(users))).distinct()
    changed = 0
    with transaction.atomic():
        for volunteer in volunteers:
            # "Never asked" is not "no": a STOP is recorded for them too.
            latest = selectors.current_consents(volunteer=volunteer).get(
                (Consent.Channel.SMS, None)
            )
            if latest is not None and latest.granted == granted:
                continue
            consent_record(
                volunteer=volunteer,
                channel=Consent.Channel.SMS,
                granted=granted,
                source=Consent.Source.TEXT_REPLY,
            )
            changed += 1
    return changed


def volunteer_update_profile(*, volunteer: Volunteer, profile: dict[str, Any]) -> Volunteer:
    return profile_apply(volunteer=volunteer, profile=profile)


def volunteer_erase(*, volunteer: Volunteer) -> Volunteer:
    """Delete the account and every personal detail; keep an anonymous row for the counts.

    Consents are withdrawn with new ledger rows first, so the ledger still tells the story; then
    the IP addresses in it go, because they are personal data the person asked us to erase.
    """
    with transaction.atomic():
        volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        for (channel, partner_id), record in selectors.current_consents(
            volunteer=volunteer
        ).items():
            if record.granted:
                consent_record(
                    volunteer=volunteer,
                    channel=channel,
                    granted=False,
                    source=Consent.Source.ERASURE,
                    partner=record.partner if partner_id else None,
                )
        volunteer.consents.update(ip_address=None)
        volunteer.signups.update(
            ip_address=None, pending_profile={}, referrer_url="", utm_term="", utm_content=""
        )
        volunteer.languages.all().delete()
        from recruitment.services.selfid import selfid_delete

        selfid_delete(volunteer=volunteer)
        signals.volunteer_erasing.send(sender=Volunteer, volunteer=volunteer)
        user = volunteer.user
        if user is not None and user.email:
            # Applications are matched by address: applying does not need an account.
            applications_erase(email=user.email)
        volunteer.user = None
        volunteer.postal_code = ""
        volunteer.phone = ""
        volunteer.availability = []
        volunteer.skills = ""
        volunteer.accessibility_needs = ""
        volunteer.heard_about_detail = ""
        volunteer.erased_at = timezone.now()
        volunteer.save()
        if user is not None:
            user.delete()
    logger.info("Volunteer %s erased at their request", volunteer.pk)
    return volunteer
