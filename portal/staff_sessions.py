"""Staff sessions and second factors: the writes (issue 22).

Sign-in records a StaffSession and, from a browser the person has not used before, emails them;
a password or factor change ends their other sessions; an administrator can reset a lost
factor. The receivers at the bottom connect these to Django's and allauth's signals, because
sign-in, password and factor changes happen in their views, not ours.
"""

from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portal.audit import audit_log
from portal.staff_access import SESSION_TOKEN, is_staff_account

FACTOR_RESET = "portal.factor_reset"

_BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def user_agent_summary(user_agent: str) -> str:
    """ "Firefox on Linux": enough to recognise a device, without storing the full string."""
    browser = next((name for token, name in _BROWSERS if token in user_agent), "")
    system = next((name for token, name in _SYSTEMS if token in user_agent), "")
    if browser and system:
        return f"{browser} / {system}"
    return browser or system or re.sub(r"\s+", " ", user_agent)[:60] or "?"


def staff_session_start(*, request, user, notify: bool = True) -> None:
    """Record a new staff session in `request.session`; email the person from a new device."""
    from portal.models import StaffSession

    device = user_agent_summary(request.META.get("HTTP_USER_AGENT", ""))
    known = StaffSession.objects.filter(user=user)
    first_sign_in = not known.exists()
    new_device = not first_sign_in and not known.filter(user_agent=device).exists()
    token = secrets.token_urlsafe(32)
    StaffSession.objects.create(user=user, key=token, user_agent=device)
    request.session[SESSION_TOKEN] = token
    if new_device and notify:
        from portal import tasks

        tasks.enqueue_on_commit(
            tasks.staff_new_device_email,
            user.pk,
            device,
            translation.get_language() or settings.LANGUAGE_CODE,
        )


def staff_session_end(*, user, session_id: int) -> int:
    """End one of `user`'s sessions (theirs only); its next request is signed out."""
    from portal.models import StaffSession

    return StaffSession.objects.filter(user=user, pk=session_id, ended_at__isnull=True).update(
        ended_at=timezone.now()
    )


def staff_sessions_end_others(*, user, keep_token: str | None) -> int:
    """End every session of `user` but the one holding `keep_token` (None: end them all)."""
    from portal.models import StaffSession

    sessions = StaffSession.objects.filter(user=user, ended_at__isnull=True)
    if keep_token:
        sessions = sessions.exclude(key=keep_token)
    return sessions.update(ended_at=timezone.now())


def staff_factor_reset(*, actor, person) -> int:
    """An administrator removes a person's lost second factor (authenticator app, passkeys,
    recovery codes) and signs them out everywhere; they enrol again at their next sign-in."""
    from allauth.mfa.models import Authenticator

    with transaction.atomic():
        removed, _details = Authenticator.objects.filter(user=person).delete()
        staff_sessions_end_others(user=person, keep_token=None)
        audit_log(instance=person, action=FACTOR_RESET, user=actor, data={"removed": removed})
    return removed


def register_actions(actions) -> None:
    from portal.audit import register

    register(
        actions,
        FACTOR_RESET,
        _("Reset second factor"),
        _("Second factor reset: %(removed)s authenticators removed"),
    )


# --- Receivers ------------------------------------------------------------------------------


def _on_login(sender, request, user, **kwargs) -> None:
    if request is not None and is_staff_account(user):
        staff_session_start(request=request, user=user)


def _on_logout(sender, request, user, **kwargs) -> None:
    from portal.models import StaffSession

    token = request.session.get(SESSION_TOKEN) if request is not None else None
    if user is not None and token:
        StaffSession.objects.filter(user=user, key=token).update(ended_at=timezone.now())


def _on_credentials_changed(sender, request, user, **kwargs) -> None:
    """A new password or factor ends every other session: whoever held the old one is out."""
    keep = request.session.get(SESSION_TOKEN) if request is not None else None
    staff_sessions_end_others(user=user, keep_token=keep)


def _on_authenticator_added(sender, request, user, authenticator, **kwargs) -> None:
    # The person just proved they hold the new factor by using it: count this session as having
    # passed it (and as freshly reauthenticated), so neither the admin nor the recovery codes
    # shown next ask for it again straight after enrolment.
    from allauth.account.internal.flows.login import record_authentication

    if request is not None and authenticator.type != authenticator.Type.RECOVERY_CODES:
        record_authentication(
            request,
            user,
            "mfa",
            id=authenticator.pk,
            type=authenticator.type,
            enrolled=True,
            reauthenticated=True,
        )
    _on_credentials_changed(sender, request=request, user=user)


def connect_signals() -> None:
    from allauth.account import signals as account_signals
    from allauth.mfa import signals as mfa_signals
    from django.contrib.auth import signals as auth_signals

    auth_signals.user_logged_in.connect(_on_login, dispatch_uid="staff_session_start")
    auth_signals.user_logged_out.connect(_on_logout, dispatch_uid="staff_session_end")
    for signal in (
        account_signals.password_changed,
        account_signals.password_set,
        account_signals.password_reset,
        mfa_signals.authenticator_removed,
        mfa_signals.authenticator_reset,
    ):
        signal.connect(_on_credentials_changed, dispatch_uid=f"staff_sessions_{id(signal)}")
    mfa_signals.authenticator_added.connect(
        _on_authenticator_added, dispatch_uid="staff_sessions_factor_added"
    )
