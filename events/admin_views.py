"""The check-in desk in the admin: interns see only the events they are assigned to."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from events import messaging, selectors, services, texts
from events.forms import DeskSearchForm, ShiftReportForm, WalkInForm
from events.forms_admin import ShiftTextForm
from events.gating import people_missing_qualification, shift_requirements_by_shift
from events.models import RSVP, EventPage, Shift, ShiftReport
from events.questions import answer_display, answers_for, may_read_sensitive
from portal.audit import audit_export
from portal.sms.segments import segment_count


def may_use_desk(user) -> bool:
    return selectors.can_run_desk_for_all(user) or (
        user.is_active and user.has_perm("events.use_checkin_desk")
    )


def _event_for(request: HttpRequest, event_id: int) -> EventPage:
    event = selectors.desk_events_for(request.user).filter(pk=event_id).first()
    if event is None:
        raise PermissionDenied
    return event


def _shift_for(event: EventPage, shift_id: int) -> Shift:
    return get_object_or_404(Shift, pk=shift_id, page=event)


def desk_index(request: HttpRequest) -> TemplateResponse:
    if not may_use_desk(request.user):
        raise PermissionDenied
    now = timezone.now()
    events = list(selectors.desk_events_for(request.user)[:200])
    return TemplateResponse(
        request,
        "events/desk/index.html",
        {
            "header_title": _("Check-in desk"),
            "page_title": _("Check-in desk"),
            "header_icon": "tasks",
            "upcoming": [e for e in events if e.ends_at and e.ends_at > now][::-1],
            "past": [e for e in events if not e.ends_at or e.ends_at <= now],
        },
    )


def desk_event(request: HttpRequest, event_id: int) -> TemplateResponse:
    event = _event_for(request, event_id)
    search = DeskSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    shifts = []
    event_shifts = list(
        Shift.objects.filter(page=event)
        .select_related("page", "required_qualification")
        .order_by("start_at", "pk")
    )
    requirements_by_shift = shift_requirements_by_shift(shifts=event_shifts)
    # Sensitive answers (health, access needs) are for organizers and the host, not interns.
    with_sensitive = may_read_sensitive(user=request.user, event=event)
    for shift in event_shifts:
        report = ShiftReport.objects.filter(shift=shift).first()
        rsvps = selectors.desk_shift_rsvps(shift=shift, query=query)
        requirements = requirements_by_shift.get(shift.pk, [])
        # Interns see who lacks the shift's qualification; they may still check people in.
        missing = people_missing_qualification(
            shift=shift, user_ids=[rsvp.person_id for rsvp in rsvps], requirements=requirements
        )
        answers = answers_for(rsvps=rsvps, with_sensitive=with_sensitive)
        for rsvp in rsvps:
            rsvp.missing_qualification = missing.get(rsvp.person_id)
            rsvp.visible_answers = answers.get(rsvp.pk, [])
        shifts.append(
            {
                "shift": shift,
                "requirements": requirements,
                "rsvps": rsvps,
                "walk_in_form": WalkInForm(prefix=f"walkin-{shift.pk}"),
                "report_form": ShiftReportForm(
                    prefix=f"report-{shift.pk}",
                    initial={
                        name: getattr(report, name, 0 if name != "notes" else "")
                        for name in ShiftReportForm.base_fields
                    },
                ),
            }
        )
    return TemplateResponse(
        request,
        "events/desk/event.html",
        {
            "header_title": event.title,
            "page_title": _("Check-in: %(title)s") % {"title": event.title},
            "header_icon": "tasks",
            "event": event,
            "shifts": shifts,
            "search": search,
            "query": query,
            # Organizers may text a shift's people from here; interns run check-in only.
            "may_text": selectors.can_run_desk_for_all(request.user),
            "may_message": messaging.may_message_event(user=request.user, event=event),
            # Only organizers may resend, so only they are shown what is in doubt.
            "unknown_notices": (
                list(selectors.unknown_notices_for(event=event))
                if selectors.can_run_desk_for_all(request.user)
                else []
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def desk_resend_unknown(request: HttpRequest, event_id: int) -> HttpResponse:
    """Confirm, then send again the event's emails whose outcome is unknown (organizers only)."""
    event = _event_for(request, event_id)
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


def _back(event: EventPage, request: HttpRequest) -> HttpResponse:
    url = reverse("events_desk:event", args=[event.pk])
    query = request.POST.get("q", "").strip()[:100]
    if query:
        from urllib.parse import urlencode

        url += "?" + urlencode({"q": query})
    return redirect(url)


@require_POST
def desk_attendance(request: HttpRequest, event_id: int, rsvp_id: int) -> HttpResponse:
    event = _event_for(request, event_id)
    rsvp = get_object_or_404(RSVP, pk=rsvp_id, shift__page=event)
    action = request.POST.get("action")
    try:
        if action == "checkin":
            services.checkin_record(rsvp=rsvp, by=request.user)
            messages.success(request, _("%(name)s is checked in.") % {"name": rsvp.person})
        elif action == "no_show":
            services.checkin_mark_no_show(rsvp=rsvp, by=request.user)
            messages.success(request, _("%(name)s is marked as a no-show.") % {"name": rsvp.person})
        else:
            messages.error(request, _("Choose check in or no-show."))
    except services.RsvpError as problem:
        messages.error(request, problem.text)
    return _back(event, request)


@require_POST
def desk_walk_in(request: HttpRequest, event_id: int, shift_id: int) -> HttpResponse:
    event = _event_for(request, event_id)
    shift = _shift_for(event, shift_id)
    form = WalkInForm(request.POST, prefix=f"walkin-{shift.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.checkin_add_walk_in(
                shift=shift,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                phone=str(data.get("phone") or ""),
                by=request.user,
                override_qualification=data["override_qualification"],
            )
        except services.RsvpError as problem:
            messages.error(
                request,
                _(
                    "The walk-in was not added. %(problems)s If you checked they are ready, "
                    "tick the box under the form and add them again."
                )
                % {"problems": problem.text},
            )
            return _back(event, request)
        messages.success(
            request, _("%(name)s is added and checked in.") % {"name": data["first_name"]}
        )
    else:
        problems = "; ".join(
            f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()
        )
        messages.error(
            request, _("The walk-in was not added. %(problems)s") % {"problems": problems}
        )
    return _back(event, request)


@require_POST
def desk_report(request: HttpRequest, event_id: int, shift_id: int) -> HttpResponse:
    event = _event_for(request, event_id)
    shift = _shift_for(event, shift_id)
    form = ShiftReportForm(request.POST, prefix=f"report-{shift.pk}")
    if form.is_valid():
        services.shift_report_save(shift=shift, data=form.cleaned_data, by=request.user)
        messages.success(request, _("The shift report is saved."))
    else:
        messages.error(request, _("The report was not saved: use whole numbers of 0 or more."))
    return _back(event, request)


class _Echo:
    def write(self, value):
        return value


def desk_export(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_for(request, event_id)
    writer = csv.writer(_Echo())
    zone = event.zone
    rows = [
        [
            _("Shift start"),
            _("Given name"),
            _("Family name"),
            _("Email"),
            _("Phone"),
            _("Status"),
            _("Attendance"),
            _("Checked in"),
            _("Guests"),
            _("Guests' names"),
        ]
    ]
    rsvps = list(
        RSVP.objects.filter(shift__page=event)
        .exclude(status=RSVP.Status.CANCELLED)
        .select_related("shift", "person")
        .order_by("shift__start_at", "person__last_name", "pk")
    )
    # One column per question asked (in the order first answered), sensitive ones only for
    # the readers allowed them.
    answers = answers_for(
        rsvps=rsvps, with_sensitive=may_read_sensitive(user=request.user, event=event)
    )
    columns = list(
        dict.fromkeys(answer.question_text for found in answers.values() for answer in found)
    )
    rows[0] += columns
    for rsvp in rsvps:
        given = {
            answer.question_text: answer_display(answer) for answer in answers.get(rsvp.pk, [])
        }
        rows.append(
            [
                timezone.localtime(rsvp.shift.start_at, zone).strftime("%Y-%m-%d %H:%M %Z"),
                _safe(rsvp.person.first_name),
                _safe(rsvp.person.last_name),
                _safe(rsvp.person.email),
                _safe(rsvp.phone),
                rsvp.get_status_display(),
                rsvp.get_attendance_display(),
                timezone.localtime(rsvp.checked_in_at, zone).strftime("%H:%M")
                if rsvp.checked_in_at
                else "",
                rsvp.guests,
                _safe(rsvp.guest_names),
                *(_safe(given.get(column, "")) for column in columns),
            ]
        )
    audit_export(user=request.user, export="event attendance", rows=len(rows) - 1, instance=event)
    body = "".join(writer.writerow([str(cell) for cell in row]) for row in rows)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-attendance.csv"'
    return response


def _safe(value: str) -> str:
    # Spreadsheets run cells starting with these as formulas; a leading quote keeps them text.
    value = str(value or "")
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


app_name = "events_desk"
urlpatterns = [
    path("", desk_index, name="index"),
    path("<id:event_id>/", desk_event, name="event"),
    path("<id:event_id>/rsvp/<id:rsvp_id>/", desk_attendance, name="attendance"),
    path("<id:event_id>/shift/<id:shift_id>/walk-in/", desk_walk_in, name="walk_in"),
    path("<id:event_id>/shift/<id:shift_id>/report/", desk_report, name="report"),
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
