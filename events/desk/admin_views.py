"""The door desk in the admin: phone-first, for the events a user may run (interns: assigned).

Every view starts from `event_for`, which refuses events outside the user's desk scope; shifts
and RSVPs are then looked up inside that event only. Taps answer JSON to the page's script
(queued offline, sent again with the same key) and redirect back without it.
"""

from __future__ import annotations

import csv
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import messaging, selectors, services
from events.desk import selectors as desk_selectors
from events.desk import services as desk_services
from events.desk.models import DeskWalkIn
from events.desk.qr import poster_png
from events.forms import DeskSearchForm, ShiftReportForm, WalkInForm
from events.gating import shift_requirements_by_shift
from events.models import RSVP, EventPage, Shift, ShiftReport
from events.questions import answer_display, answers_for, may_read_sensitive
from events.tokens import poster_token
from portal.audit import audit_export
from portal.links import absolute_url


def may_use_desk(user) -> bool:
    return selectors.can_run_desk_for_all(user) or (
        user.is_active and user.has_perm("events.use_checkin_desk")
    )


def event_for(request: HttpRequest, event_id: int) -> EventPage:
    """The event, when this user may run its desk; otherwise 404 for every action, so a desk
    user does not even learn which other events exist (Wagtail turns a 403 on a GET into a
    redirect, which would not say "no")."""
    scope = selectors.desk_events_for(request.user)
    event = scope.filter(pk=event_id).first()
    if event is None:
        raise Http404
    # A translation's desk is its source's: one set of shifts, in the user's scope too.
    owner = event.shift_owner
    if owner.pk != event.pk and not scope.filter(pk=owner.pk).exists():
        raise Http404
    return owner


def _shift_for(event: EventPage, shift_id: int) -> Shift:
    return get_object_or_404(Shift.objects.select_related("page"), pk=shift_id, page=event)


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


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
    """One shift's desk: counts, search as you type, a card per person, scan and walk-ins."""
    event = event_for(request, event_id)
    search = DeskSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    shifts = list(
        Shift.objects.filter(page=event)
        .select_related("page", "required_qualification")
        .order_by("start_at", "pk")
    )
    for shift in shifts:
        shift.page = event
    chosen = None
    wanted = request.GET.get("shift", "")
    if wanted.isdigit():
        chosen = next((shift for shift in shifts if shift.pk == int(wanted)), None)
        if chosen is None:
            raise Http404
    shift = chosen or desk_selectors.desk_current_shift(shifts=shifts)
    context = {
        "header_title": event.title,
        "page_title": _("Check-in: %(title)s") % {"title": event.title},
        "event": event,
        "shifts": shifts,
        "shift": shift,
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
    }
    if shift is not None:
        requirements = shift_requirements_by_shift(shifts=[shift]).get(shift.pk, [])
        report = ShiftReport.objects.filter(shift=shift).first()
        context.update(
            board=desk_selectors.desk_shift_board(
                shift=shift,
                requirements=requirements,
                query=query,
                # Sensitive answers (health, access needs): organizers and the host, not interns.
                with_sensitive=may_read_sensitive(user=request.user, event=event),
            ),
            requirements=requirements,
            tap_base=reverse("events_desk:attendance", args=[event.pk, 0])[: -len("0/")],
            walk_in_form=WalkInForm(prefix=f"walkin-{shift.pk}"),
            report_form=ShiftReportForm(
                prefix=f"report-{shift.pk}",
                initial={
                    name: getattr(report, name, 0 if name != "notes" else "")
                    for name in ShiftReportForm.base_fields
                },
            ),
        )
    return TemplateResponse(request, "events/desk/event.html", context)


def _back(event: EventPage, request: HttpRequest, shift_id: int | None = None) -> HttpResponse:
    url = reverse("events_desk:event", args=[event.pk])
    params = {}
    query = request.POST.get("q", "").strip()[:100]
    if query:
        params["q"] = query
    if shift_id:
        params["shift"] = shift_id
    return redirect(url + ("?" + urlencode(params) if params else ""))


def _tap_answer(request, event, rsvp: RSVP) -> HttpResponse:
    if _wants_json(request):
        local = timezone.localtime(rsvp.checked_in_at, event.zone) if rsvp.checked_in_at else None
        return JsonResponse(
            {
                "ok": True,
                "rsvp": rsvp.pk,
                "attendance": rsvp.attendance,
                "attendance_label": rsvp.get_attendance_display(),
                "time": time_format(local, "TIME_FORMAT") if local else "",
            }
        )
    return _back(event, request, rsvp.shift_id)


def _tap_refused(request, event, problem: services.RsvpError, shift_id=None) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"ok": False, "error": problem.text}, status=400)
    messages.error(request, problem.text)
    return _back(event, request, shift_id)


@require_POST
def desk_attendance(request: HttpRequest, event_id: int, rsvp_id: int) -> HttpResponse:
    """Check in, undo or no-show one RSVP of this event, once per tap key."""
    event = event_for(request, event_id)
    rsvp = get_object_or_404(RSVP.objects.select_related("person"), pk=rsvp_id, shift__page=event)
    action = request.POST.get("action", "")
    try:
        rsvp = desk_services.desk_tap(
            rsvp=rsvp, action=action, by=request.user, key=request.POST.get("key", "")
        )
    except services.RsvpError as problem:
        return _tap_refused(request, event, problem, rsvp.shift_id)
    if not _wants_json(request):
        done = {
            desk_services.CHECKIN: _("%(name)s is checked in."),
            desk_services.UNDO: _("%(name)s's check-in is undone."),
            desk_services.NO_SHOW: _("%(name)s is marked as a no-show."),
        }[action]
        messages.success(request, done % {"name": rsvp.person.get_full_name() or rsvp.person.email})
    return _tap_answer(request, event, rsvp)


@require_POST
def desk_scan(request: HttpRequest, event_id: int, shift_id: int) -> HttpResponse:
    """Check in by a scanned QR token or a typed 6-character code (this shift's only)."""
    event = event_for(request, event_id)
    shift = _shift_for(event, shift_id)
    try:
        rsvp = desk_services.desk_checkin_by_code(
            shift=shift,
            text=request.POST.get("code", ""),
            by=request.user,
            key=request.POST.get("key", ""),
        )
    except services.RsvpError as problem:
        return _tap_refused(request, event, problem, shift.pk)
    if not _wants_json(request):
        messages.success(
            request, _("%(name)s is checked in.") % {"name": rsvp.person.get_full_name()}
        )
    return _tap_answer(request, event, rsvp)


@require_POST
def desk_walk_in(request: HttpRequest, event_id: int, shift_id: int) -> HttpResponse:
    event = event_for(request, event_id)
    shift = _shift_for(event, shift_id)
    form = WalkInForm(request.POST, prefix=f"walkin-{shift.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            walk_in = desk_services.walk_in_add(
                shift=shift,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                phone=str(data.get("phone") or ""),
                by=request.user,
                override_qualification=data["override_qualification"],
                key=request.POST.get("key", ""),
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
            return _back(event, request, shift.pk)
        # The name the desk typed, never one looked up from the address.
        messages.success(
            request, _("%(name)s is added and checked in.") % {"name": walk_in.first_name}
        )
    else:
        problems = "; ".join(
            f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()
        )
        messages.error(
            request, _("The walk-in was not added. %(problems)s") % {"problems": problems}
        )
    return _back(event, request, shift.pk)


@require_POST
def desk_report(request: HttpRequest, event_id: int, shift_id: int) -> HttpResponse:
    event = event_for(request, event_id)
    shift = _shift_for(event, shift_id)
    form = ShiftReportForm(request.POST, prefix=f"report-{shift.pk}")
    if form.is_valid():
        services.shift_report_save(shift=shift, data=form.cleaned_data, by=request.user)
        messages.success(request, _("The shift report is saved."))
    else:
        messages.error(request, _("The report was not saved: use whole numbers of 0 or more."))
    return _back(event, request, shift.pk)


def desk_poster(request: HttpRequest, event_id: int, shift_id: int) -> HttpResponse:
    """The printable venue poster of a shift: scanning it opens self check-in."""
    event = event_for(request, event_id)
    shift = _shift_for(event, shift_id)
    url = absolute_url(reverse("events:self_checkin", args=[poster_token(shift_id=shift.pk)]))
    local = timezone.localtime(shift.start_at, event.zone)
    lines = [
        event.title,
        f"{local:%Y-%m-%d %H:%M} {local.tzname()}",
        _("Signed up? Scan to check yourself in."),
        _("Not signed up? Scan, then add yourself as a walk-in."),
    ]
    response = HttpResponse(poster_png(url=url, lines=lines), content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="{event.slug}-{shift.pk}-poster.png"'
    return response


class _Echo:
    def write(self, value):
        return value


def desk_export(request: HttpRequest, event_id: int) -> HttpResponse:
    event = event_for(request, event_id)
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

    def local(value, fmt):
        return timezone.localtime(value, zone).strftime(fmt) if value else ""

    # Walk-ins are listed as the desk typed them (see DeskWalkIn), never as an account's data.
    rsvps = list(
        RSVP.objects.filter(shift__page=event, desk_walk_in__isnull=True)
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
                local(rsvp.shift.start_at, "%Y-%m-%d %H:%M %Z"),
                _safe(rsvp.person.first_name),
                _safe(rsvp.person.last_name),
                _safe(rsvp.person.email),
                _safe(rsvp.phone),
                rsvp.get_status_display(),
                rsvp.get_attendance_display(),
                local(rsvp.checked_in_at, "%H:%M"),
                rsvp.guests,
                _safe(rsvp.guest_names),
                *(_safe(given.get(column, "")) for column in columns),
            ]
        )
    walk_ins = DeskWalkIn.objects.filter(shift__page=event).select_related("shift")
    for walk_in in walk_ins.order_by("shift__start_at", "last_name", "pk"):
        rows.append(
            [
                local(walk_in.shift.start_at, "%Y-%m-%d %H:%M %Z"),
                _safe(walk_in.first_name),
                _safe(walk_in.last_name),
                _safe(walk_in.email),
                _safe(walk_in.phone),
                RSVP.Status.WALK_IN.label,
                RSVP.Attendance.ATTENDED.label,
                local(walk_in.created_at, "%H:%M"),
                0,
                "",
                *("" for _column in columns),
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
