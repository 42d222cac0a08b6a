"""Staff in tests: signed in as allauth's door would sign them in, second factor included.

Many tests log staff in with `client.force_login(user)`, which skips the login stages. The
session-wide patch below (installed from tests/conftest.py) makes such a log-in look like a real
one: staff get an authenticator app with TEST_TOTP_SECRET if they have none, and the session
records the passed second factor exactly as allauth records it. Production code is untouched;
`force_login_without_second_factor` keeps the bare behaviour for tests of the rule itself.
"""

from allauth.account.internal.flows.login import record_authentication
from django.conf import settings
from django.http import HttpRequest
from django.test import Client

from portal.staff_access import is_staff_account, totp_enrol

TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

force_login_without_second_factor = Client.force_login


def mark_second_factor_passed(client: Client, user) -> None:
    from allauth.mfa.models import Authenticator

    authenticator = Authenticator.objects.filter(user=user).exclude(type="recovery_codes").first()
    session = client.session
    request = HttpRequest()
    request.session = session
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key


def _force_login_as_through_the_door(self, user, backend=None):
    force_login_without_second_factor(self, user, backend)
    if is_staff_account(user):
        totp_enrol(user=user, secret=TEST_TOTP_SECRET)
        mark_second_factor_passed(self, user)


def install() -> None:
    Client.force_login = _force_login_as_through_the_door
