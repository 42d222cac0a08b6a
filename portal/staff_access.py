"""Who counts as staff, and the rules their requests follow (issue 22).

Staff are the accounts that can open the Wagtail admin: organizers, interns, administrators.
Their way in is allauth's login (WAGTAILADMIN_LOGIN_URL), whose login stages ask for the second
factor. This middleware makes sure nothing else lets them through:

- no admin page for staff without a second factor (an authenticator app or a passkey): they
  are sent to enrol first;
- no admin page for a session that did not pass the second factor (signed in before they
  enrolled, or by some other door): they are asked for a code;
- a staff session ends after STAFF_SESSION_IDLE_SECONDS without a request (sliding), and at
  once when its StaffSession row has been ended ("Sign out other sessions", a password or
  factor change, an administrator's reset). Ending is a flag the session's next request
  reads, not a deletion from the session store, so it works on every session backend (the
  signed-cookie one has no store to delete from).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

SESSION_TOKEN = "portal_staff_session"
# How often a session's "last active" time is written: every request would be a write each.
LAST_SEEN_PRECISION_SECONDS = 300


def is_staff_account(user) -> bool:
    """Anyone the Wagtail admin would let in (interns hold access_admin through their group)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or user.is_staff:
        return True
    # Asked on every request: one query for "granted directly or through a group", instead of
    # loading all of a volunteer's permissions (two queries) only to find none.
    return Permission.objects.filter(
        Q(user=user) | Q(group__user=user),
        codename="access_admin",
        content_type__app_label="wagtailadmin",
    ).exists()


def has_second_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


def session_passed_second_factor(request) -> bool:
    """allauth records each step of a sign-in in the session; "mfa" is a code or a passkey."""
    from allauth.account.authentication import get_authentication_records

    return any(
        record.get("method") == "mfa"
        for record in get_authentication_records(request, request.user)
    )


def signed_in_recently(request) -> bool:
    """The session's sign-in happened within allauth's reauthentication window."""
    import time

    from allauth.account import app_settings
    from allauth.account.authentication import get_authentication_records

    records = get_authentication_records(request, request.user)
    return bool(records) and time.time() - records[0]["at"] < app_settings.REAUTHENTICATION_TIMEOUT


def _redirect(urlname: str, request) -> HttpResponseRedirect:
    return HttpResponseRedirect(
        f"{reverse(urlname)}?{urlencode({'next': request.get_full_path()})}"
    )


class StaffAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and is_staff_account(user):
            response = self._check(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def _check(self, request, user):
        from portal.models import StaffSession

        token = request.session.get(SESSION_TOKEN)
        row = StaffSession.objects.filter(key=token).first() if token else None
        if row is None:
            # A session that began before sessions were recorded (or whose row was pruned):
            # adopt it, so it is listed and can be ended from now on.
            from portal.staff_sessions import staff_session_start

            staff_session_start(request=request, user=user, notify=False)
        elif row.ended_at is not None or row.user_id != user.pk:
            # Ended from "Your sessions", a password or factor change, or a factor reset.
            logout(request)
            return HttpResponseRedirect(request.get_full_path())
        elif (timezone.now() - row.last_seen_at).total_seconds() > LAST_SEEN_PRECISION_SECONDS:
            StaffSession.objects.filter(pk=row.pk).update(last_seen_at=timezone.now())
        # Sliding: every request starts the working day's idle clock again.
        request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)

        if not self._is_admin(request):
            return None
        return self._second_factor(request, user)

    @staticmethod
    def _is_admin(request) -> bool:
        return request.path.startswith(reverse("wagtailadmin_home")) and request.path != reverse(
            "wagtailadmin_logout"
        )

    @staticmethod
    def _second_factor(request, user):
        if not has_second_factor(user):
            return _redirect("mfa_index", request)
        if not session_passed_second_factor(request):
            return _redirect("mfa_reauthenticate", request)
        return None


def totp_code(secret: str, *, at: float | None = None) -> str:
    """The authenticator-app code for `secret` now (RFC 6238, as allauth checks it): what the
    development-only `demo_totp` command prints."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    counter = int(time.time() if at is None else at) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def totp_enrol(*, user, secret: str):
    """Give `user` an authenticator app with a known secret (demo accounts and tests only: real
    people enrol through allauth's page, which shows a fresh secret as a QR code)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return existing or TOTP.activate(user, secret).instance
