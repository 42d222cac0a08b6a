"""Admin views of events: the check-in desk (events/desk/admin_views.py), resending emails of
unknown outcome and texting a shift's people. Interns see only the events they are assigned to."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from events import selectors, services, texts
from events.desk.admin_views import (
    desk_attendance,
    desk_event,
    desk_export,
    desk_index,
    desk_poster,
    desk_report,
    desk_scan,
    desk_walk_in,
    event_for,
    may_use_desk,
)
from events.forms_admin import ShiftTextForm
from events.models import Shift
from portal.sms.segments import segment_count

__all__ = ["may_use_desk", "texting_urlpatterns", "urlpatterns"]


@require_http_methods(["GET", "POST"])
def desk_resend_unknown(request: HttpRequest, event_id: int) -> HttpResponse:
    """Confirm, then send again the event's emails whose outcome is unknown (organizers only)."""
    event = event_for(request, event_id)
    if not selectors.can_run_desk_for_all(request.user):
        raise PermissionDenied
    notices = selectors.unknown_notices_for(event=event)
    if request.method == "POST":
        count = services.notices_resend_unknown(notices=notices, by=request.user)
        messages.success(
            request,
            ngettext(
                "%(count)s email with an unknown outcome is being sent again.",
                "%(count)s emails with an unknown outcome are being sent again.",
                count,
            )
            % {"count": count},
        )
        return redirect("events_desk:event", event_id=event.pk)
    return TemplateResponse(
        request,
        "events/desk/resend_unknown.html",
        {
            "header_title": event.title,
            "page_title": _("Resend emails: %(title)s") % {"title": event.title},
            "header_icon": "mail",
            "event": event,
            "unknown_notices": list(notices),
        },
    )


app_name = "events_desk"
urlpatterns = [
    path("", desk_index, name="index"),
    path("<id:event_id>/", desk_event, name="event"),
    path("<id:event_id>/rsvp/<id:rsvp_id>/", desk_attendance, name="attendance"),
    path("<id:event_id>/shift/<id:shift_id>/walk-in/", desk_walk_in, name="walk_in"),
    path("<id:event_id>/shift/<id:shift_id>/report/", desk_report, name="report"),
    path("<id:event_id>/shift/<id:shift_id>/scan/", desk_scan, name="scan"),
    path("<id:event_id>/shift/<id:shift_id>/poster.png", desk_poster, name="poster"),
    path("<id:event_id>/export.csv", desk_export, name="export"),
    path("<id:event_id>/resend-unknown/", desk_resend_unknown, name="resend_unknown"),
]


def shift_text(request: HttpRequest, shift_id: int) -> HttpResponse:
    # Organizers (every desk) only: interns run check-in, they do not message people.
    if not selectors.can_run_desk_for_all(request.user):
        raise PermissionDenied
    shift = get_object_or_404(Shift.objects.select_related("page"), pk=shift_id)
    recipients = texts.shift_text_recipients(shift=shift)
    form = ShiftTextForm(request.POST or None)
    counted = None
    if request.method == "POST" and form.is_valid():
        body = form.cleaned_data["body"]
        counted = segment_count(body)
        if "send" in request.POST:
            queued = texts.shift_text_send(shift=shift, body=body, by=request.user)
            messages.success(
                request, _("%(count)d text(s) queued for this shift.") % {"count": queued}
            )
            return redirect("events_texts:shift", shift_id=shift.pk)
    history = texts.shift_texts(shift=shift)
    return TemplateResponse(
        request,
        "events/shift_texts.html",
        {
            "header_title": _("Text this shift's people"),
            "page_title": _("Text this shift's people"),
            "header_icon": "mail",
            "shift": shift,
            "event": shift.page,
            "form": form,
            "counted": counted,
            "recipient_count": len(recipients),
            "states": history.values("state").annotate(n=Count("pk")).order_by("state"),
            "problems": history.filter(state__in=["failed", "skipped", "unknown"])[:50],
        },
    )


texting_urlpatterns = [path("<id:shift_id>/", shift_text, name="shift")]
