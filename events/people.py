"""How events find the person behind an RSVP.

Recruitment owns people. Its public sign-up service records consents only once the address's
owner confirms it, so RSVPs that ask for consents go through it; plain RSVPs only need the account
matched or created. This module is the one place to switch to recruitment's own get-or-create
service when it offers one.
"""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

CREATE_ATTEMPTS = 5


def person_match_or_create(
    *,
    email: str,
    first_name: str = "",
    last_name: str = "",
    phone: str = "",
    postal_code: str = "",
    consents: list[str] | None = None,
    language: str = "en",
    utm: dict[str, str] | None = None,
    referrer_url: str = "",
):
    """The account for `email` (any letter case), with a volunteer profile, created if new."""
    if consents:
        from recruitment.services import SignupSource, volunteer_signup

        utm = utm or {}
        signup = volunteer_signup(
            email=email,
            profile={
                "first_name": first_name,
                "last_name": last_name,
                "phone": phone,
                "postal_code": postal_code,
            },
            consents=list(consents),
            source=SignupSource(
                utm_source=utm.get("utm_source", ""),
                utm_medium=utm.get("utm_medium", ""),
                utm_campaign=utm.get("utm_campaign", ""),
                referrer_url=referrer_url,
                extra={"via": "event_rsvp"},
            ),
            language=language,
        )
        return signup.volunteer.user
    return _account_for(
        email=email, first_name=first_name, last_name=last_name, postal_code=postal_code
    )


def _account_for(*, email: str, first_name: str, last_name: str, postal_code: str):
    from recruitment.models import Volunteer

    User = get_user_model()
    email = User.objects.normalize_email(email.strip())
    for _attempt in range(CREATE_ATTEMPTS):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            try:
                with transaction.atomic():
                    user = User(email=email, first_name=first_name, last_name=last_name)
                    # New people log in with an emailed code until they choose a password.
                    user.set_unusable_password()
                    user.save()
            except IntegrityError:
                # Someone else created this address a moment ago; the next pass finds it.
                continue
        try:
            with transaction.atomic():
                Volunteer.objects.get_or_create(user=user, defaults={"postal_code": postal_code})
        except IntegrityError:
            pass
        return user
    return User.objects.get(email__iexact=email)


def consents_grant(*, user, consents: list[str]) -> None:
    """Record consents a logged-in volunteer gave on an event's sign-up form."""
    from recruitment.models import Consent
    from recruitment.services import volunteer_set_consents

    volunteer = getattr(user, "volunteer", None)
    if volunteer is None:
        return
    volunteer_set_consents(
        volunteer=volunteer,
        choices=dict.fromkeys(consents, True),
        source=Consent.Source.SIGNUP,
    )
