"""How django-allauth fits the portal: accounts are made by the volunteer sign-up, not by allauth."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils import translation

from portal.links import absolute_url
from portal.mail import email_branding, email_build, email_sender

# allauth's emails the volunteers get, written by the portal: its own words in the formal
# register, in the person's language, branded and signed by the organization (issue 18/14).
OWN_EMAILS = {
    "account/email/login_code": "emails/account/login_code",
    "account/email/password_reset_key": "emails/account/password_reset_key",
    "account/email/unknown_account": "emails/account/unknown_account",
}


def email_language(email: str) -> str:
    """The language an account email goes out in: the person's preferred language when the
    address has a volunteer profile, else the language of the page that asked for it."""
    from recruitment.models import Volunteer

    preferred = (
        Volunteer.objects.filter(user__email__iexact=email)
        .values_list("preferred_language", flat=True)
        .first()
    )
    return preferred or translation.get_language() or "en"


class AccountAdapter(DefaultAccountAdapter):
    def get_from_email(self) -> str:
        return email_sender(email_branding())

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        ours = OWN_EMAILS.get(template_prefix)
        if ours is None:
            # Staff-only notices keep allauth's text, but greet from the organization, never
            # from the host name (allauth's "Hello from 127.0.0.1:8000!").
            brand = email_branding()
            site = SimpleNamespace(name=brand["name"], domain=urlsplit(brand["site_url"]).netloc)
            return super().send_mail(template_prefix, email, {**context, "current_site": site})
        language = email_language(email)
        with translation.override(language):
            join_url = absolute_url(reverse("recruitment:join"))
        context = {key: value for key, value in context.items() if key != "request"}
        email_build(
            template=ours,
            context={**context, "email": email, "join_url": join_url},
            to=[email],
            language=language,
        ).send()
        return None

    def is_open_for_signup(self, request) -> bool:
        # /join/ creates accounts (with consents, sources and double opt-in); allauth only logs
        # people in, so its own sign-up form stays closed.
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # Staff are sent to enrol their first second factor straight after signing in; asking
        # for the password they typed a moment ago would only be in the way. Adding a factor
        # later, or any other change, still asks again (allauth's default).
        required = super().is_reauthentication_required(app=app, **kwargs)
        if required and app == "allauth.mfa":
            from allauth.core import context

            from portal.staff_access import has_second_factor, signed_in_recently

            request = context.request
            if (
                request is not None
                and request.user.is_authenticated
                and not has_second_factor(request.user)
                and signed_in_recently(request)
            ):
                return False
        return required

    def add_message(self, *args, **kwargs) -> None:
        # Each allauth page already says what happened (e.g. "We've sent a code to ..."), and the
        # site-wide messages list would repeat it.
        return None


def axes_username(request, credentials: dict | None = None) -> str | None:
    """The account a login attempt is for, whichever login form sent it.

    Wagtail's admin login posts `username`; allauth's posts `login` and authenticates with
    `email`. Without this, axes would count every allauth failure against "no username" and lock
    out everyone behind the same address.
    """
    for source in (credentials or {}, getattr(request, "POST", {}) if request else {}):
        for key in ("username", "email", "login"):
            value = source.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip().lower()
    return None
