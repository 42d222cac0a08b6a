"""The events API, shaped like Mobilize's public API: read for anyone, write with an API key.

Every answer is JSON. Bad input is a 400 naming the fields at fault, a missing or wrong key a
401; nothing here lets an exception become a 500, and a refused write changes nothing.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from phonenumber_field.phonenumber import to_python as to_phone
from wagtail.rich_text import expand_db_html

from events import selectors, services
from events.models import RSVP, unix
from events.people import person_match_or_create
from portal.activities import EventType
from portal.geo import is_us_zip, zip_centroid
from portal.text import UNSTORABLE_MESSAGE, is_storable

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 25
MAX_BODY_BYTES = 16 * 1024
MAX_TIMESLOTS = 50
TIMESLOT_START = re.compile(r"^(gte_now|gte_(\d{1,12})|lt_(\d{1,12}))$")
TRUE_FALSE = {"true": True, "1": True, "false": False, "0": False}


def error(errors: dict[str, list[str]], status: int = 400) -> JsonResponse:
    return JsonResponse({"error": errors}, status=status)


def _bool_param(value: str, name: str, errors: dict) -> bool | None:
    if value == "":
        return None
    parsed = TRUE_FALSE.get(value.lower())
    if parsed is None:
        errors[name] = [_("Use true or false.")]
    return parsed


def _int_param(value: str, name: str, errors: dict, *, low: int, high: int, default: int) -> int:
    if value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        errors[name] = [
            _("Use a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}
        ]
        return default
    return number


def _filters(params, errors: dict) -> selectors.EventFilters:
    filters = selectors.EventFilters()
    zipcode = params.get("zipcode", "").strip()
    if zipcode:
        origin = zip_centroid(zipcode) if is_us_zip(zipcode) else None
        if origin is None:
            errors["zipcode"] = [_("Use a known 5-digit US ZIP code.")]
        filters.origin = origin
    max_dist = params.get("max_dist", "").strip()
    if max_dist:
        try:
            filters.radius = float(max_dist)
            if not 0 < filters.radius <= selectors.MAX_RADIUS_MILES:
                raise ValueError
        except ValueError:
            errors["max_dist"] = [_("Use a number of miles from 1 to 500.")]
        if not zipcode:
            errors.setdefault("zipcode", [_("max_dist needs a zipcode to measure from.")])
    types = [value.strip() for value in params.getlist("event_types") if value.strip()]
    unknown = sorted(set(types) - set(EventType.values))
    if unknown:
        errors["event_types"] = [
            _("Unknown event type: %(type)s.") % {"type": value} for value in unknown
        ]
    filters.event_types = types
    filters.is_virtual = _bool_param(params.get("is_virtual", "").strip(), "is_virtual", errors)
    filters.hide_full = bool(
        _bool_param(params.get("exclude_full", "").strip(), "exclude_full", errors)
    )
    timeslot = params.get("timeslot_start", "").strip()
    if timeslot:
        match = TIMESLOT_START.match(timeslot)
        if match is None:
            errors["timeslot_start"] = [_("Use gte_now, gte_<unix time> or lt_<unix time>.")]
        else:
            filters.upcoming_only = False
            if match.group(1) == "gte_now":
                filters.starts_from = timezone.now()
            elif match.group(2):
                filters.starts_from = _from_unix(match.group(2), "timeslot_start", errors)
            else:
                filters.starts_before = _from_unix(match.group(3), "timeslot_start", errors)
    updated = params.get("updated_since", "").strip()
    if updated:
        if updated.isdigit() and len(updated) <= 12:
            filters.updated_since = _from_unix(updated, "updated_since", errors)
        else:
            errors["updated_since"] = [_("Use a Unix time in seconds.")]
    return filters


def _from_unix(value: str, name: str, errors: dict) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(value), tz=UTC)
    except (ValueError, OverflowError, OSError):
        errors[name] = [_("Use a Unix time in seconds.")]
        return None


def serialize_event(event, request: HttpRequest) -> dict:
    location = None
    if not event.is_virtual:
        location = {
            "venue": event.venue,
            "address_lines": event.address_lines,
            "locality": event.locality,
            "region": event.region,
            "postal_code": event.postal_code,
            "location": (
                {"latitude": event.latitude, "longitude": event.longitude}
                if event.latitude is not None
                else None
            ),
        }
    return {
        "id": event.pk,
        "title": event.title,
        "summary": event.summary,
        "description": expand_db_html(event.description),
        "event_type": event.event_type,
        "browser_url": request.build_absolute_uri(event.get_url(request) or "/"),
        "timezone": event.timezone,
        "is_virtual": event.is_virtual,
        "location": location,
        "accessibility_status": event.accessibility_status,
        "accessibility_notes": event.accessibility_notes,
        "timeslots": [
            {
                "id": shift.pk,
                "start_date": unix(shift.start_at),
                "end_date": unix(shift.end_at),
                "max_attendees": shift.capacity,
                "attendee_count": shift.attendee_count,
                "is_full": shift.is_full,
            }
            for shift in event.shifts.all()
        ],
        "created_date": unix(event.first_published_at),
        "modified_date": unix(event.last_published_at),
    }


def _page_url(request: HttpRequest, page: int) -> str:
    params = request.GET.copy()
    params["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


@require_GET
def event_list(request: HttpRequest) -> JsonResponse:
    errors: dict[str, list[str]] = {}
    filters = _filters(request.GET, errors)
    per_page = _int_param(
        request.GET.get("per_page", "").strip(),
        "per_page",
        errors,
        low=1,
        high=MAX_PER_PAGE,
        default=DEFAULT_PER_PAGE,
    )
    page = _int_param(
        request.GET.get("page", "").strip(), "page", errors, low=1, high=1_000_000, default=1
    )
    if errors:
        return error(errors)
    results = selectors.event_search(filters=filters, page=page, per_page=per_page)
    return JsonResponse(
        {
            "count": results.count,
            "next": _page_url(request, page + 1) if results.has_next else None,
            "previous": (
                _page_url(request, min(page - 1, results.num_pages))
                if results.has_previous
                else None
            ),
            "data": [serialize_event(event, request) for event in results.events],
        }
    )


@require_GET
def event_detail(request: HttpRequest, event_id: int) -> JsonResponse:
    event = selectors.event_for_api(event_id=event_id)
    if event is None:
        return error({"event": [_("No such event.")]}, status=404)
    return JsonResponse({"data": serialize_event(event, request)})


def _text(value, name: str, errors: dict, *, required: bool, max_length: int) -> str:
    if value is None or value == "":
        if required:
            errors[name] = [_("This field is required.")]
        return ""
    if not isinstance(value, str):
        errors[name] = [_("Must be a string.")]
        return ""
    if not is_storable(value):
        errors[name] = [str(UNSTORABLE_MESSAGE)]
        return ""
    value = value.strip()
    if len(value) > max_length:
        errors[name] = [_("At most %(count)s characters.") % {"count": max_length}]
    elif required and not value:
        errors[name] = [_("This field is required.")]
    return value


def _parse_attendance(body: dict) -> tuple[dict, dict]:
    errors: dict[str, list[str]] = {}
    person = body.get("person")
    data: dict = {}
    if not isinstance(person, dict):
        errors["person"] = [_("Give the person as an object.")]
        person = {}
    data["email"] = _text(
        person.get("email_address"), "person.email_address", errors, required=True, max_length=254
    )
    if data["email"] and "person.email_address" not in errors:
        try:
            validate_email(data["email"])
        except ValidationError:
            errors["person.email_address"] = [_("Enter a valid email address.")]
    data["first_name"] = _text(
        person.get("given_name"), "person.given_name", errors, required=True, max_length=150
    )
    data["last_name"] = _text(
        person.get("family_name"), "person.family_name", errors, required=False, max_length=150
    )
    phone = _text(
        person.get("phone_number"), "person.phone_number", errors, required=False, max_length=32
    )
    if phone:
        number = to_phone(phone)
        if number is None or not number.is_valid():
            errors["person.phone_number"] = [_("Enter a valid phone number.")]
        else:
            phone = number.as_e164
    data["phone"] = phone
    data["postal_code"] = _text(
        person.get("postal_code"), "person.postal_code", errors, required=False, max_length=10
    )
    timeslots = body.get("timeslots")
    ids: list[int] = []
    if not isinstance(timeslots, list) or not timeslots:
        errors["timeslots"] = [_("Give a list of one or more timeslots.")]
    elif len(timeslots) > MAX_TIMESLOTS:
        errors["timeslots"] = [_("At most %(count)s timeslots.") % {"count": MAX_TIMESLOTS}]
    else:
        for item in timeslots:
            slot_id = item.get("timeslot_id") if isinstance(item, dict) else None
            if type(slot_id) is not int or slot_id <= 0:
                errors["timeslots"] = [_("Each timeslot needs a numeric timeslot_id.")]
                break
            ids.append(slot_id)
    data["shift_ids"] = ids
    referrer = body.get("referrer")
    referrer = {} if referrer is None else referrer
    if not isinstance(referrer, dict):
        errors["referrer"] = [_("Give the referrer as an object.")]
        referrer = {}
    data["referrer"] = services.Referrer(
        **{
            key: _text(referrer.get(key), f"referrer.{key}", errors, required=False, max_length=500)
            for key in ("utm_source", "utm_medium", "utm_campaign")
        },
        url=_text(referrer.get("url"), "referrer.url", errors, required=False, max_length=500),
    )
    sms = body.get("sms_opt_in", False)
    if not isinstance(sms, bool):
        errors["sms_opt_in"] = [_("Use true or false.")]
        sms = False
    data["sms_opt_in"] = sms
    return data, errors


@csrf_exempt
@require_POST
def attendance_create(request: HttpRequest, event_id: int) -> JsonResponse:
    if (
        services.api_key_authenticate(authorization=request.META.get("HTTP_AUTHORIZATION", ""))
        is None
    ):
        response = error({"authorization": [_("Send a valid API key as: Bearer <key>.")]}, 401)
        response["WWW-Authenticate"] = 'Bearer realm="events"'
        return response
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY_BYTES:
        return error({"body": [_("The request body is too large.")]})
    try:
        raw = request.body
        if len(raw) > MAX_BODY_BYTES:
            return error({"body": [_("The request body is too large.")]})
        body = json.loads(raw.decode("utf-8"))
    except (RequestDataTooBig, UnicodeDecodeError, ValueError, RecursionError):
        return error({"body": [_("Send a JSON object.")]})
    if not isinstance(body, dict):
        return error({"body": [_("Send a JSON object.")]})
    event = selectors.event_for_api(event_id=event_id)
    if event is None:
        return error({"event": [_("No such event.")]}, status=404)
    data, errors = _parse_attendance(body)
    if errors:
        return error(errors)
    if not services.event_is_open(event):
        return error({"event": [_("This event is no longer taking sign-ups.")]})
    known = {shift.pk for shift in event.shifts.all()}
    unknown = [slot for slot in data["shift_ids"] if slot not in known]
    if unknown:
        return error(
            {
                "timeslots": [
                    _("Timeslot %(id)s is not part of this event.") % {"id": slot}
                    for slot in unknown
                ]
            }
        )
    person = person_match_or_create(
        email=data["email"],
        first_name=data["first_name"],
        last_name=data["last_name"],
        postal_code=data["postal_code"],
    )
    try:
        rsvps = services.rsvp_create(
            event=event,
            shift_ids=data["shift_ids"],
            person=person,
            source=RSVP.Source.API,
            phone=data["phone"],
            postal_code=data["postal_code"],
            referrer=data["referrer"],
            sms_opt_in=data["sms_opt_in"],
        )
    except services.RsvpError as problem:
        return error(problem.errors)
    except IntegrityError:
        # The same person sent two requests at once; the constraint let only one through.
        return error({"timeslots": [_("You are already signed up for that shift.")]})
    return JsonResponse(
        {
            "data": {
                "id": person.pk,
                "attendances": [
                    {"timeslot_id": rsvp.shift_id, "status": rsvp.status} for rsvp in rsvps
                ],
            }
        },
        status=201,
    )
