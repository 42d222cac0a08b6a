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
from events.forms import SeriesForm
from events.forms_admin import ShiftTextForm
from events.message_views import compose_page
from events.models import EventPage, Series, Shift
from events.series import MAX_OCCURRENCES, SeriesError, series_create
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


# --- Messages to an event's people (the host's page shares the form: events.message_views) ----


@require_http_methods(["GET", "POST"])
def compose(request: HttpRequest, event_id: int) -> HttpResponse:
    return compose_page(
        request, event_id, template="events/event_messages.html", url_name="events_messages:compose"
    )


messages_urlpatterns = [path("<id:event_id>/", compose, name="compose")]


# --- Recurring series ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def series_add(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_object_or_404(EventPage, pk=event_id)
    # The series is published with the page, so only those who may publish it may add one.
    if not event.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    form = SeriesForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                made = series_create(event=event, rule=form.rule(), by=request.user)
            except SeriesError as refused:
                for name, errors in refused.errors.items():
                    for message in errors:
                        form.add_error(None if name == "__all__" else name, message)
            else:
                count = made.occurrences.count()
                messages.success(
                    request,
                    _("The series is published with %(count)d occurrences.") % {"count": count},
                )
                return redirect("wagtailadmin_pages:edit", event.pk)
        status = 400
    return TemplateResponse(
        request,
        "events/series_form.html",
        {
            "header_title": _("Add a recurring series"),
            "page_title": _("Add a recurring series"),
            "header_icon": "date",
            "event": event,
            "form": form,
            "max_occurrences": MAX_OCCURRENCES,
            "series": list(Series.objects.filter(page=event).order_by("pk")),
        },
        status=status,
    )


series_urlpatterns = [path("<id:event_id>/", series_add, name="add")]
