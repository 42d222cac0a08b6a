"""Admin screens for staff access (issue 22): "Your sessions" for every staff member, and the
administrator's "Reset second factor" for a person who lost theirs."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import staff_sessions
from portal.staff_access import SESSION_TOKEN, has_second_factor


def sessions_view(request):
    from portal.models import StaffSession

    current = request.session.get(SESSION_TOKEN)
    sessions = StaffSession.objects.filter(user=request.user, ended_at__isnull=True)
    return render(
        request,
        "portal/staff/sessions.html",
        {"sessions": sessions, "current_key": current},
    )


@require_POST
def session_end_view(request, session_id: int):
    from portal.models import StaffSession

    if StaffSession.objects.filter(pk=session_id, key=request.session.get(SESSION_TOKEN)).exists():
        # This very browser: that is what "Log out" is for.
        return redirect("wagtailadmin_logout")
    if staff_sessions.staff_session_end(user=request.user, session_id=session_id):
        messages.success(request, _("That session has been signed out."))
    return redirect("staff_sessions")


@require_POST
def sessions_end_others_view(request):
    ended = staff_sessions.staff_sessions_end_others(
        user=request.user, keep_token=request.session.get(SESSION_TOKEN)
    )
    messages.success(request, _("%(count)s other sessions signed out.") % {"count": ended})
    return redirect("staff_sessions")


def factor_reset_view(request, user_id: int):
    if not request.user.is_superuser:
        raise PermissionDenied
    person = get_object_or_404(get_user_model(), pk=user_id)
    if request.method == "POST":
        staff_sessions.staff_factor_reset(actor=request.user, person=person)
        messages.success(
            request,
            _("%(person)s's second factor was removed; they will enrol a new one at sign-in.")
            % {"person": person},
        )
        return redirect("wagtailusers_users:edit", person.pk)
    return render(
        request,
        "portal/staff/factor_reset.html",
        {"person": person, "enrolled": has_second_factor(person)},
    )
