"""How django-allauth fits the portal: accounts are made by the volunteer sign-up, not by allauth."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
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
