"""How django-allauth fits the portal: accounts are made by the volunteer sign-up, not by allauth."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # /join/ creates accounts (with consents, sources and double opt-in); allauth only logs
        # people in, so its own sign-up form stays closed.
        return False

    def add_message(self, *args, **kwargs) -> None:
        # Each allauth page already says what happened (e.g. "We've sent a code to ..."), and the
        # site-wide messages list would repeat it.
        return None
