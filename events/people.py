"""How events find the person behind an RSVP.

Recruitment owns people. Its public sign-up service records consents only once the address's
owner confirms it, so RSVPs that ask for consents go through it; plain RSVPs only need the person
matched or created, which recruitment's get-or-create does.
"""


def person_match_or_create(**arguments):
    """The account for `email` (any letter case), with a volunteer profile, created if new; the
    arguments are person_found_or_made's."""
    return person_found_or_made(**arguments)[0]


def person_found_or_made(
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
    """The account for `email` (any letter case), with a volunteer profile, created if new, and
    whether it was made just now: (user, made). With `consents`, recruitment's public sign-up
    records them once the address's owner confirms (a known address is never "made")."""
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
        return signup.volunteer.user, False
    from recruitment.services import volunteer_get_or_create

    volunteer, created = volunteer_get_or_create(
        email=email, first_name=first_name, last_name=last_name, postal_code=postal_code
    )
    return volunteer.user, created


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
