"""Public event views: the listing, the event page's RSVP form, managing an RSVP, hosting."""

import functools
import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from events import cached_event, selectors, services
from events.calendar import google_calendar_url, outlook_calendar_url
from events.forms import EventFilterForm, HostEventForm, RsvpForm
from events.models import RSVP, EventPage, Shift
from events.people import person_found_or_made
from events.series import standing_rsvp_cancel, standing_rsvps_for
from events.tokens import read_manage_token
from portal.i18n import localized_url

PER_PAGE = 12
DONE_MESSAGES = {
    "cancel": lambda: _("Your place is cancelled. Thank you for letting us know."),
    "stop_standing": lambda: _("You will no longer be signed up every time. Thank you."),
    "confirm": lambda: _("Thank you for confirming. See you there!"),
    "nothing": lambda: _("Choose a shift and what you would like to do."),
}
# What the form just did, for the page the browser is sent back to: a signed cookie, so a
# sign-up writes no session row (hundreds arrive at once after a newsletter).
JUST_SIGNED_UP_COOKIE = "events_signed_up"
JUST_SIGNED_UP_SALT = "events.just-signed-up"
JUST_SIGNED_UP_SECONDS = 600
# One limit for both ways the form can be sent (the page itself, events:sign_up).
SIGN_UP_RATE = {
    "key": "ip",
    "rate": "30/h",
    "method": "POST",
    "block": True,
    "group": "events.rsvp",
}


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), 10_000))
    except ValueError:
        return 1


def event_index(request: HttpRequest, index) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    results = selectors.event_search(
        filters=form.filters() if form.is_bound else selectors.EventFilters(),
        page=_page_number(request),
        per_page=PER_PAGE,
    )
    if results.page > results.num_pages:
        raise Http404
    response = index.render(
        request,
        context_overrides={
            "filter_form": form,
            "results": results,
            "extra_query": _query_without_page(request),
            "searching_near": bool(form.is_bound and form.is_valid() and form.cleaned_data["zip"]),
        },
    )
    response.status_code = status
    return response


def _prefill(request: HttpRequest) -> dict:
    user = request.user
    if not user.is_authenticated:
        return {}
    initial = {"first_name": user.first_name, "last_name": user.last_name, "email": user.email}
    volunteer = getattr(user, "volunteer", None)
    if volunteer is not None:
        initial.update(phone=volunteer.phone, postal_code=volunteer.postal_code)
    return initial


def _referrer(request: HttpRequest) -> services.Referrer:
    params = request.GET
    return services.Referrer(
        utm_source=params.get("utm_source", "")[:100],
        utm_medium=params.get("utm_medium", "")[:100],
        utm_campaign=params.get("utm_campaign", "")[:100],
        url=request.META.get("HTTP_REFERER", "")[:500],
    )


@ratelimit(**SIGN_UP_RATE)
def event_detail(request: HttpRequest, event: EventPage) -> HttpResponse:
    """The event page (Wagtail's route), with its sign-up form."""
    return _event_page(request, event)


@require_http_methods(["POST"])
@ratelimit(**SIGN_UP_RATE)
def event_sign_up(request: HttpRequest, event_id: int) -> HttpResponse:
    """The sign-up form's target. The same as posting to the page, without Wagtail finding the
    page segment by segment: in a rush every query saved is saved hundreds of times."""
    # Read once for the whole rush and kept until the event changes (events.cached_event).
    event = cached_event.event_for_sign_up(event_id=event_id)
    if event is None:
        raise Http404
    # A private page keeps its restriction: whoever may not see it is sent to its login.
    if any(not r.accept_request(request) for r in event._view_restrictions):
        return redirect(localized_url(event, request=request))
    return _event_page(request, event)


def _event_page(request: HttpRequest, event: EventPage) -> HttpResponse:
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    now = timezone.now()
    is_open = services.event_is_open(event, now=now)
    shifts = selectors.event_shifts(event=event) if is_open else []
    open_shifts = [shift for shift in shifts if shift.start_at > now]
    # Shifts that need a qualification this person lacks are not offered; the page says why
    # and links the course instead (training app). The RSVP service refuses them anyway.
    gated = _gated_shifts(request, event, open_shifts)
    open_shifts = [shift for shift in open_shifts if shift.pk not in gated]
    status = 200
    just_signed_up = []
    if request.method == "POST":
        form = RsvpForm(request.POST, shifts=open_shifts, event=event)
        if form.is_valid():
            if form.is_bot:
                return redirect(event.url)
            try:
                outcome = _rsvp_from_form(request, event, form)
            except services.RsvpError as error:
                for message_list in error.errors.values():
                    for message in message_list:
                        form.add_error("shifts", message)
            else:
                # Back to the page in the reader's language (an untranslated page under /es/
                # stays there), where the notice is shown once.
                response = redirect(localized_url(event, request=request) + "#signed-up")
                response.set_signed_cookie(
                    JUST_SIGNED_UP_COOKIE,
                    json.dumps(outcome),
                    salt=JUST_SIGNED_UP_SALT,
                    max_age=JUST_SIGNED_UP_SECONDS,
                    httponly=True,
                    samesite="Lax",
                    secure=settings.SESSION_COOKIE_SECURE,
                )
                return response
        status = 400
    else:
        form = RsvpForm(initial=_prefill(request), shifts=open_shifts, event=event)
        just_signed_up = _just_signed_up(event, _read_just_signed_up(request))
    response = event.render(
        request,
        context_overrides={
            "rsvp_form": form,
            "just_signed_up": just_signed_up,
            "all_waitlisted": bool(just_signed_up)
            and all(line["waitlisted"] for line in just_signed_up),
            "any_waitlisted": any(line["waitlisted"] for line in just_signed_up),
            "all_full": bool(open_shifts) and all(shift.is_full for shift in open_shifts),
            "is_open": bool(open_shifts),
            "gate_reasons": list({gate.qualification.pk: gate for gate in gated.values()}.values()),
            "gated_shift_ids": list(gated),
        },
    )
    response.status_code = status
    if JUST_SIGNED_UP_COOKIE in request.COOKIES:
        # Said once: a reload shows the plain page again.
        response.delete_cookie(JUST_SIGNED_UP_COOKIE, samesite="Lax")
    patch_vary_headers(response, ["Cookie"])
    return response


def _read_just_signed_up(request: HttpRequest):
    value = request.get_signed_cookie(
        JUST_SIGNED_UP_COOKIE,
        default=None,
        salt=JUST_SIGNED_UP_SALT,
        max_age=JUST_SIGNED_UP_SECONDS,
    )
    try:
        return json.loads(value) if value else None
    except ValueError:
        return None


def _gated_shifts(request: HttpRequest, event: EventPage, shifts: list) -> dict:
    from events.gating import shift_gates

    for shift in shifts:
        shift.page = event  # The event type is read from the page already in hand.
    return shift_gates(user=request.user, shifts=shifts, language=translation.get_language())


def _just_signed_up(event: EventPage, outcome) -> list[dict]:
    """The shifts the form just answered for, as (shift, waitlisted) lines, from the session."""
    if not isinstance(outcome, list):
        return []
    waitlisted = {
        int(line["shift"]): bool(line["waitlisted"])
        for line in outcome[:20]
        if isinstance(line, dict) and str(line.get("shift", "")).isdigit()
    }
    rsvp_ids = {
        int(line["shift"]): line["rsvp"]
        for line in outcome[:20]
        if isinstance(line, dict)
        and str(line.get("shift", "")).isdigit()
        and isinstance(line.get("rsvp"), int)
    }
    shifts = Shift.objects.filter(pk__in=waitlisted, page=event.shift_owner).order_by("start_at")
    return [
        {
            "shift": shift,
            "waitlisted": waitlisted[shift.pk],
            "position": _waitlist_position(rsvp_ids.get(shift.pk))
            if waitlisted[shift.pk]
            else None,
            "google_url": google_calendar_url(event, shift),
            "outlook_url": outlook_calendar_url(event, shift),
        }
        for shift in shifts
    ]


def _waitlist_position(rsvp_id: int | None) -> int | None:
    """Where a just-made RSVP stands in line (events.waitlist); None once it is not waiting."""
    from events.waitlist import waitlist_position

    rsvp = RSVP.objects.filter(pk=rsvp_id).only("pk", "shift_id", "status", "created_at").first()
    return waitlist_position(rsvp=rsvp) if rsvp is not None else None


def _person_and_plan(request: HttpRequest, event: EventPage, form: RsvpForm):
    """The person behind the form, the checked RSVP for the chosen shifts (or None) and the
    shifts the address already holds.

    For shifts the address already holds the page says what it would say to anyone new, and the
    address's owner is told the truth by email: the form must not reveal who signed up (the
    join form gives one answer for the same reason). A logged-in person using their own address
    is told on the page."""
    data = form.cleaned_data
    referrer = _referrer(request)
    language = translation.get_language() or "en"
    user = request.user
    person_is_new = False
    if user.is_authenticated and user.email.lower() == data["email"].lower():
        person = user
        if form.consents():
            # A logged-in person has proven their address: their choices count at once.
            from events.people import consents_grant

            consents_grant(user=user, consents=form.consents())
    else:
        person, person_is_new = person_found_or_made(
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            phone=str(data.get("phone") or ""),
            postal_code=data["postal_code"],
            consents=form.consents(),
            language=language,
            utm={
                "utm_source": referrer.utm_source,
                "utm_medium": referrer.utm_medium,
                "utm_campaign": referrer.utm_campaign,
            },
            referrer_url=referrer.url,
        )
    prepare = functools.partial(
        services.rsvp_prepare,
        event=event,
        person=person,
        source=RSVP.Source.WEB,
        phone=str(data.get("phone") or ""),
        postal_code=data["postal_code"],
        referrer=referrer,
        sms_opt_in=bool(data.get("consent_sms")),
        language=language,
        person_is_new=person_is_new,
        **form.signup_extras(),
    )
    held = []
    plan = None
    try:
        plan = prepare(shift_ids=data["shifts"]) if data["shifts"] else None
    except services.AlreadySignedUp as already:
        if person == user:
            raise
        services.rsvp_remind_already_signed_up(rsvps=already.rsvps)
        held = [rsvp.shift for rsvp in already.rsvps]
        rest = [pk for pk in data["shifts"] if pk not in {shift.pk for shift in held}]
        plan = prepare(shift_ids=rest) if rest else None
    return person, plan, held


def _rsvp_from_form(request: HttpRequest, event: EventPage, form: RsvpForm) -> list[dict]:
    """Sign the person up and return what the page will say about each chosen shift.

    The person is made and the RSVP checked in one transaction, so a refused RSVP leaves no new
    person behind; the places are taken after it commits, in one statement of their own
    (events.places), so a rush queues only for that."""
    with transaction.atomic():
        person, plan, held = _person_and_plan(request, event, form)
    rsvps = services.rsvp_take(plan) if plan is not None else []
    rsvps += _standing_from_form(
        event, form, person=person, language=translation.get_language() or "en"
    )
    return [
        {
            "shift": rsvp.shift_id,
            "waitlisted": rsvp.status == RSVP.Status.WAITLISTED,
            "rsvp": rsvp.pk,
        }
        for rsvp in rsvps
    ] + [{"shift": shift.pk, "waitlisted": shift.is_full} for shift in held]


def _standing_from_form(event: EventPage, form: RsvpForm, *, person, language: str) -> list:
    """ "Every time" chosen on the form: a standing sign-up per series, and the places it took."""
    from events.models import Series
    from events.series import standing_rsvp_create

    chosen = form.cleaned_data.get("standing_series") or []
    if not chosen:
        return []
    taken = []
    for series in Series.objects.filter(page=event, pk__in=chosen).select_related("page"):
        extras = form.signup_extras()
        standing = standing_rsvp_create(
            series=series,
            person=person,
            source=RSVP.Source.WEB,
            language=language,
            **extras,
        )
        taken += list(standing.rsvps.filter(status__in=RSVP.ACTIVE))
    return taken


@require_http_methods(["GET", "HEAD"])
def calendar_feed(request: HttpRequest) -> HttpResponse:
    from events.calendar import feed_response

    index = selectors.event_index_page()
    if index is None:
        raise Http404
    return feed_response(request, index)


@require_http_methods(["GET", "HEAD"])
def event_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    from events.calendar import event_response

    event = selectors.event_by_slug(slug=slug)
    if event is None:
        raise Http404
    return event_response(request, event)


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="60/h", method="POST", block=True)
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """Cancel, confirm or change an RSVP from the signed link in every event email."""
    names = read_manage_token(token)
    if names is None:
        return render(request, "events/rsvp_link_invalid.html", status=400)
    person_id, event_id = names
    event = EventPage.objects.filter(pk=event_id).first()
    if event is None:
        return render(request, "events/rsvp_link_invalid.html", status=400)
    rsvps = selectors.rsvps_for_person_and_event(person_id=person_id, event_id=event_id)
    standing = standing_rsvps_for(person_id=person_id, event_id=event_id)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "stop_standing":
            return _stop_standing(request, standing)
        chosen = [rsvp for rsvp in rsvps if str(rsvp.pk) == request.POST.get("rsvp", "")]
        if action not in ("cancel", "confirm") or not chosen:
            return redirect(f"{request.path}?done=nothing")
        if action == "cancel":
            services.rsvp_cancel(rsvp=chosen[0])
        else:
            services.rsvp_confirm_attendance(rsvp=chosen[0])
        # The outcome is shown on the page itself (see DONE_MESSAGES), after a redirect so a
        # reload does not post again.
        return redirect(f"{request.path}?done={action}")
    done = DONE_MESSAGES.get(request.GET.get("done", ""))
    return render(
        request,
        "events/rsvp_manage.html",
        {
            "event": event,
            "rsvps": rsvps,
            "active": [rsvp for rsvp in rsvps if rsvp.is_active],
            "suggested_action": request.GET.get("action", ""),
            "done": done() if done else "",
            "event_is_open": services.event_is_open(event),
            "standing": standing,
        },
    )


def _stop_standing(request: HttpRequest, standing: list) -> HttpResponse:
    """Stop an "every time" sign-up as a whole: its places still ahead are given up."""
    chosen = [item for item in standing if str(item.pk) == request.POST.get("standing", "")]
    if not chosen:
        return redirect(f"{request.path}?done=nothing")
    standing_rsvp_cancel(standing=chosen[0])
    return redirect(f"{request.path}?done=stop_standing")


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user_or_ip", rate="10/h", method="POST", block=True)
def host_event(request: HttpRequest) -> HttpResponse:
    """A volunteer proposes an event; it waits for an organizer's approval in the admin."""
    index = selectors.event_index_page()
    if index is None:
        raise Http404
    if request.method == "POST":
        form = HostEventForm(request.POST)
        if form.is_valid():
            services.hosted_event_submit(index=index, host=request.user, data=form.cleaned_data)
            return redirect(reverse("events:host_thanks"))
        status = 400
    else:
        form = HostEventForm()
        status = 200
    return render(request, "events/host_event.html", {"form": form}, status=status)


@login_required
def host_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "events/host_event_thanks.html")
