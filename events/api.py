"""The events API at /api/v1/: Mobilize's public API v1, so clients written for it read ours.

Built with django-ninja: the same declarations validate the input and produce the OpenAPI 3.1
document (/api/v1/openapi.json) and the docs page (/api/v1/docs). Every answer is JSON in
Mobilize's envelope: `data` with `count`/`next`/`previous` for lists, and `{"data": null,
"error": {field: [messages]}}` for errors. The site is one organization (id 1, named in the
site settings); coalition partners are the organizations it promotes.

Reading is open; a key (`Authorization: Bearer <key>`) also shows private events, contacts and
instructions. Attendances need a key; listing them or people needs a key issued to staff who may
see them. A missing or wrong key where one is needed is a 403, as Mobilize documents.
"""

from __future__ import annotations

import base64
import binascii
import functools
import re
from datetime import UTC, datetime
from typing import Annotated, Literal

import phonenumbers
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError, ValidationError
from ninja.openapi.docs import DocsBase
from phonenumber_field.phonenumber import to_python as to_phone
from pydantic import AfterValidator, Field, StrictBool, model_validator
from wagtail.models import Site
from wagtail.rich_text import expand_db_html

from events import cached_event, services
from events.models import MAX_GUESTS, RSVP, EventPage, Visibility, unix
from events.people import person_found_or_made
from events.questions import answers_for, signup_field_values
from events.selectors import api as reads
from events.selectors import can_run_desk_for_all
from home.models import SiteSettings
from portal.activities import EventType
from portal.geo import is_us_zip, zip_centroid
from portal.text import UNSTORABLE_MESSAGE, is_storable
from recruitment.models import Partner

SITE_ORGANIZATION_ID = 1
# Partners are numbered after the site so that both fit in one id space.
PARTNER_ID_OFFSET = 1000
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 25
MAX_TIMESLOTS = 50
COMPARISON = re.compile(r"^(gte|gt|lte|lt)_(now|\d{1,11})$")
APPROVAL_STATUSES = ("APPROVED", "NEEDS_APPROVAL", "REJECTED", "NEEDS_HOST_VERIFICATION")
PRIVATE_ADDRESS = "This event’s address is private. Sign up for more details"
DEFAULT_RATES = {"read": "15/s", "write": "5/s"}  # Mobilize's published limits, per IP


class ApiError(Exception):
    def __init__(self, errors: dict[str, list[str]], status: int = 400):
        self.errors = errors
        self.status = status


class Throttled(Exception):
    pass


class ServerRenderedDocs(DocsBase):
    """A plain HTML page rendered from the OpenAPI document: no scripts, so it works offline and
    under the portal's strict CSP (Swagger UI and Redoc need inline styles or a CDN)."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs) -> HttpResponse:
        schema = api.get_openapi_schema(path_params=kwargs)
        operations = []
        for path, methods in schema["paths"].items():
            for method, operation in methods.items():
                operations.append({"method": method.upper(), "path": path, **operation})
        html = render_to_string(
            "events/api_docs.html",
            {"schema": schema, "operations": operations, "openapi_url": "openapi.json"},
            request=request,
        )
        return HttpResponse(html)


api = NinjaAPI(
    title="Events API",
    version="1",
    description=(
        "Mobilize API v1 compatible: organizations, events, deleted events, attendances and "
        "people. Send `Authorization: Bearer <key>` where a key is needed."
    ),
    urls_namespace="events_api",
    docs=ServerRenderedDocs(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _envelope(errors: dict, status: int) -> HttpResponse:
    return api.create_response(None, {"data": None, "error": errors}, status=status)


@api.exception_handler(ApiError)
def _api_error(request, exc: ApiError):
    return _envelope(exc.errors, exc.status)


# Where ninja says a value came from, and the names of our parameter groups: not field names.
SOURCES = {"query", "body", "path", "payload", "since", "paging"}


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    errors: dict = {}
    for item in exc.errors:
        location = [str(part) for part in item.get("loc", ())]
        while location and location[0] in SOURCES:
            location = location[1:]
        message = str(item.get("msg", "")).removeprefix("Value error, ")
        if item.get("type") == "string_unicode":
            message = str(UNSTORABLE_MESSAGE)
        elif item.get("type") == "int_parsing":
            message = _("A valid integer is required.")
        if len(location) == 2 and location[1].isdigit() and item["loc"][0] == "query":
            # A repeated query parameter: Mobilize names the faulty value by its position.
            errors.setdefault(location[0], {}).setdefault(location[1], []).append(message)
        else:
            errors.setdefault(".".join(location) or "body", []).append(message)
    return _envelope(errors, 400)


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    # Django refuses to read a body over DATA_UPLOAD_MAX_MEMORY_SIZE; say so, with DEBUG on too.
    return _envelope({"body": [_("The request body is too large.")]}, 413)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _envelope({"detail": [_("Nothing is here. Check the address.")]}, 404)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    # ninja's only 400 of its own is a body that is not JSON.
    if exc.status_code == 400:
        return _envelope({"body": [_("Send a JSON object.")]}, 400)
    return _envelope({"detail": [str(exc)]}, exc.status_code)


@api.exception_handler(Throttled)
def _throttled(request, exc):
    response = _envelope({"detail": [_("Too many requests. Try again in a second.")]}, 429)
    response["Retry-After"] = "1"
    return response


def throttled(kind: str):
    """Mobilize's per-IP limits: 15 reads and 5 writes a second (settings.PORTAL_API_RATES)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            rate = getattr(settings, "PORTAL_API_RATES", DEFAULT_RATES)[kind]
            if rate and is_ratelimited(
                request, group=f"api-{kind}", key="ip", rate=rate, increment=True
            ):
                raise Throttled
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


# --- schemas: Mobilize's objects ------------------------------------------------------------


class Organization(Schema):
    id: int
    name: str
    slug: str
    is_coordinated: bool
    is_independent: bool
    is_primary_campaign: bool
    state: str
    district: str
    candidate_name: str
    race_type: str | None
    event_feed_url: str
    created_date: int | None
    modified_date: int | None
    org_type: str


class Timeslot(Schema):
    id: int
    start_date: int
    end_date: int
    max_attendees: int | None
    attendee_count: int
    is_full: bool
    instructions: str | None


class GeoPoint(Schema):
    latitude: float
    longitude: float


class Location(Schema):
    venue: str
    address_lines: list[str]
    locality: str
    region: str
    country: str
    postal_code: str
    location: GeoPoint | None
    congressional_district: str | None
    state_leg_district: str | None
    state_senate_district: str | None


class Contact(Schema):
    name: str
    email_address: str
    phone_number: str
    owner_user_id: int | None


class Tag(Schema):
    id: int
    name: str


class Event(Schema):
    id: int
    title: str
    summary: str
    description: str
    featured_image_url: str
    high_priority: bool
    sponsor: Organization
    timeslots: list[Timeslot]
    location: Location | None
    timezone: str
    event_type: str
    browser_url: str
    created_date: int | None
    modified_date: int | None
    visibility: str
    address_visibility: str
    created_by_volunteer_host: bool
    is_virtual: bool
    virtual_action_url: str | None
    contact: Contact | None
    accessibility_status: str | None
    accessibility_notes: str
    tags: list[Tag]
    approval_status: str
    event_campaign: None
    instructions: str | None
    deleted_date: int | None = Field(
        None, description="Extra: when a cancelled event was cancelled; null otherwise."
    )


class DeletedEventOut(Schema):
    id: int
    deleted_date: int


class Email(Schema):
    primary: bool
    address: str


class Phone(Schema):
    primary: bool
    number: str


class Address(Schema):
    primary: bool
    postal_code: str


class Person(Schema):
    id: int
    person_id: int
    user_id: int
    created_date: int | None
    modified_date: int | None
    given_name: str
    family_name: str
    email_addresses: list[Email]
    phone_numbers: list[Phone]
    postal_addresses: list[Address]
    sms_opt_in_status: Literal["UNSPECIFIED", "OPT_IN", "OPT_OUT"]
    blocked_date: int | None


class ReferrerOut(Schema):
    utm_source: str | None
    utm_medium: str | None
    utm_campaign: str | None
    utm_term: str | None
    utm_content: str | None
    url: str | None


class SignupFieldValue(Schema):
    # Mobilize's answer to a custom sign-up question; several choices are lines of text_value.
    custom_field_id: int | None
    custom_field_name: str
    text_value: str | None
    boolean_value: bool | None


class Attendance(Schema):
    id: int
    created_date: int | None
    modified_date: int | None
    person: Person
    event: Event
    timeslot: Timeslot
    sponsor: Organization
    status: str
    attended: bool | None
    referrer: ReferrerOut
    custom_signup_field_values: list[SignupFieldValue] = []
    # Our extra: people this person brings, counted against the timeslot's places.
    guests: int = 0


class ErrorOut(Schema):
    data: None
    # Field names to messages; a repeated query parameter's messages are keyed by position.
    error: dict[str, list[str] | dict[str, list[str]]]


class Paged(Schema):
    count: int
    next: str | None
    previous: str | None


class OrganizationList(Paged):
    data: list[Organization]


class OrganizationOne(Schema):
    data: Organization


class EventList(Paged):
    data: list[Event]


class EventOne(Schema):
    data: Event


class DeletedList(Paged):
    data: list[DeletedEventOut]


class AttendanceList(Paged):
    data: list[Attendance]


class AttendanceCreated(Schema):
    data: list[Attendance]
    error: None


class PersonList(Paged):
    data: list[Person]


ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 413: ErrorOut, 429: ErrorOut}


# --- input ---------------------------------------------------------------------------------


def _storable(value: str) -> str:
    if not is_storable(value):
        raise ValueError(str(UNSTORABLE_MESSAGE))
    return value.strip()


def _email(value: str) -> str:
    value = _storable(value)
    try:
        validate_email(value)
    except DjangoValidationError:
        raise ValueError(_("Enter a valid email address.")) from None
    return value


def _phone(value: str) -> str:
    value = _storable(value)
    if not value:
        return ""
    number = to_phone(value)
    # Possible rather than valid: Mobilize's own example number (1234567890) is not assigned.
    if number is None or not phonenumbers.is_possible_number(number):
        raise ValueError(_("Enter a valid phone number."))
    return number.as_e164


def _text(max_length: int):
    return Annotated[str, Field(max_length=max_length), AfterValidator(_storable)]


class ObjectIn(Schema):
    """Input objects must be JSON objects: ninja's schemas would read a list's (absent)
    attributes and take it for an empty object."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, value):
        # ninja hands its schemas' validators the input wrapped in a DjangoGetter.
        if not isinstance(getattr(value, "_obj", value), dict):
            raise ValueError(_("Give an object."))
        return value


class AttendancePerson(ObjectIn):
    given_name: Annotated[str, Field(min_length=1, max_length=150), AfterValidator(_storable)]
    family_name: _text(150) = ""
    email_address: Annotated[str, Field(max_length=254), AfterValidator(_email)]
    phone_number: Annotated[str, Field(max_length=32), AfterValidator(_phone)] = ""
    postal_code: _text(10) = ""


class TimeslotChoice(ObjectIn):
    timeslot_id: int = Field(ge=1, le=2**53, strict=True)


class ReferrerIn(ObjectIn):
    utm_source: _text(100) | None = None
    utm_medium: _text(100) | None = None
    utm_campaign: _text(100) | None = None
    utm_term: _text(100) | None = None
    utm_content: _text(100) | None = None
    url: _text(500) | None = None


class SignupFieldIn(ObjectIn):
    custom_field_id: int = Field(ge=1, le=2**53, strict=True)
    text_value: _text(2000) | None = None
    boolean_value: StrictBool | None = None


class AttendanceIn(ObjectIn):
    person: AttendancePerson
    # Mobilize's values; booleans are what this API took before and are still understood.
    sms_opt_in: Literal["OPT_IN", "UNSPECIFIED"] | StrictBool = "UNSPECIFIED"
    transactional_sms_opt_in: Literal["OPT_IN", "UNSPECIFIED"] | StrictBool = "OPT_IN"
    timeslots: list[TimeslotChoice] = Field(min_length=1, max_length=MAX_TIMESLOTS)
    referrer: ReferrerIn | None = None
    custom_signup_field_values: list[SignupFieldIn] = Field(default_factory=list, max_length=50)
    # Our extra: guests coming along (the event's own limit applies).
    guests: int = Field(0, ge=0, le=MAX_GUESTS, strict=True)


class Paging(Schema):
    page: int = Field(1, ge=1, le=1_000_000)
    per_page: int = Field(DEFAULT_PER_PAGE, ge=1, le=MAX_PER_PAGE)
    cursor: str | None = Field(None, max_length=100)


class EventQuery(Schema):
    updated_since: int | None = Field(None, ge=0, le=99_999_999_999)
    timeslot_start: list[str] = Field(default_factory=list, max_length=10)
    timeslot_end: list[str] = Field(default_factory=list, max_length=10)
    visibility: list[Literal["PUBLIC", "PRIVATE"]] = Field(default_factory=list, max_length=2)
    organization_id: list[int] = Field(default_factory=list, max_length=20)
    zipcode: str | None = Field(None, max_length=10)
    max_dist: float | None = Field(None, gt=0, le=500)
    exclude_full: bool = False
    is_virtual: bool | None = None
    high_priority_only: bool = False
    event_types: list[str] = Field(default_factory=list, max_length=40)
    tag_id: list[int] = Field(default_factory=list, max_length=20)
    approval_status: list[str] = Field(default_factory=list, max_length=4)
    state: str | None = Field(None, max_length=2)


class SinceQuery(Schema):
    updated_since: int | None = Field(None, ge=0, le=99_999_999_999)


class DeletedQuery(SinceQuery):
    visibility: list[Literal["PUBLIC", "PRIVATE"]] = Field(default_factory=list, max_length=2)
    organization_id: list[int] = Field(default_factory=list, max_length=20)


# --- helpers -------------------------------------------------------------------------------


def _key(request: HttpRequest):
    return services.api_key_authenticate(authorization=request.META.get("HTTP_AUTHORIZATION", ""))


def _refuse_key() -> ApiError:
    return ApiError({"authorization": [_("Send a valid API key as: Bearer <key>.")]}, 403)


def _staff_key(request: HttpRequest, permission: str):
    key = _key(request)
    if key is None:
        raise _refuse_key()
    owner = key.owner
    if owner is None or not (owner.is_active and owner.is_staff and owner.has_perm(permission)):
        raise ApiError(
            {"authorization": [_("This key must be issued to staff who may see this.")]}, 403
        )
    return key


def _moment(value: int | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, tz=UTC)


def _site_settings(request: HttpRequest) -> SiteSettings:
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site)


def _site_organization(request: HttpRequest) -> dict:
    # Every event carries it as its sponsor: read the settings once per request.
    cached = getattr(request, "_api_site_organization", None)
    if cached is not None:
        return cached
    name = _site_settings(request).organization_name or "Volunteer portal"
    request._api_site_organization = _organization(
        pk=SITE_ORGANIZATION_ID,
        name=name,
        slug=slugify(name) or "portal",
        feed=request.build_absolute_uri("/events/"),
        created=None,
    )
    return request._api_site_organization


def _organization(*, pk: int, name: str, slug: str, feed: str, created) -> dict:
    return {
        "id": pk,
        "name": name,
        "slug": slug,
        "is_coordinated": False,
        "is_independent": True,
        "is_primary_campaign": False,
        "state": "",
        "district": "",
        "candidate_name": "",
        "race_type": None,
        "event_feed_url": feed,
        "created_date": unix(created),
        "modified_date": unix(created),
        "org_type": "INDEPENDENT",
    }


def _partner_organization(request: HttpRequest, partner: Partner) -> dict:
    return _organization(
        pk=PARTNER_ID_OFFSET + partner.pk,
        name=partner.name,
        slug=partner.slug,
        feed=request.build_absolute_uri("/events/"),
        created=partner.created_at,
    )


def _organization_or_404(request: HttpRequest, organization_id: int) -> dict:
    if organization_id == SITE_ORGANIZATION_ID:
        return _site_organization(request)
    partner = Partner.objects.filter(pk=organization_id - PARTNER_ID_OFFSET).first()
    if organization_id <= PARTNER_ID_OFFSET or partner is None:
        raise ApiError({"organization_id": [_("No such organization.")]}, 404)
    return _partner_organization(request, partner)


def _page_number(paging: Paging) -> int:
    if not paging.cursor:
        return paging.page
    try:
        decoded = base64.urlsafe_b64decode(paging.cursor.encode() + b"==").decode()
        number = int(decoded.removeprefix("p"))
        if not decoded.startswith("p") or not 1 <= number <= 1_000_000:
            raise ValueError
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ApiError({"cursor": [_("This cursor is not one this API gave.")]}) from None
    return number


def _cursor(number: int) -> str:
    return base64.urlsafe_b64encode(f"p{number}".encode()).decode().rstrip("=")


def _link(request: HttpRequest, number: int) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    params["cursor"] = _cursor(number)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def _paged(request: HttpRequest, result: reads.ApiPage, items: list) -> dict:
    return {
        "count": result.count,
        "next": _link(request, result.page + 1) if result.has_next else None,
        "previous": _link(request, result.page - 1) if result.has_previous else None,
        "data": items,
    }


def _comparisons(values: list[str], name: str, errors: dict) -> list[tuple[str, datetime]]:
    parsed = []
    for value in values:
        match = COMPARISON.match(value.strip())
        if match is None:
            errors.setdefault(name, []).append(
                _("Use gte_, gt_, lte_ or lt_ followed by a Unix time or now: %(value)s")
                % {"value": value[:40]}
            )
            continue
        operator, moment = match.groups()
        when = timezone.now() if moment == "now" else datetime.fromtimestamp(int(moment), tz=UTC)
        parsed.append((operator, when))
    return parsed


def _visibilities(requested: list[str], key) -> list[str]:
    if not requested:
        return [Visibility.PUBLIC]
    if Visibility.PRIVATE in requested and key is None:
        raise ApiError({"visibility": [_("Private events need a valid API key.")]}, 403)
    return list(dict.fromkeys(requested))


def _event_filters(query: EventQuery, key) -> reads.ApiEventFilters:
    errors: dict[str, list[str]] = {}
    filters = reads.ApiEventFilters(
        timeslot_start=_comparisons(query.timeslot_start, "timeslot_start", errors),
        timeslot_end=_comparisons(query.timeslot_end, "timeslot_end", errors),
        exclude_full=query.exclude_full,
        updated_since=_moment(query.updated_since),
        is_virtual=query.is_virtual,
        tag_ids=query.tag_id,
        high_priority_only=query.high_priority_only,
    )
    unknown = sorted(set(query.event_types) - set(EventType.values))
    if unknown:
        errors["event_types"] = [_("Unknown event type: %(type)s.") % {"type": v} for v in unknown]
    filters.event_types = query.event_types
    statuses = list(dict.fromkeys(query.approval_status)) or ["APPROVED"]
    wrong = [status for status in statuses if status not in APPROVAL_STATUSES]
    if wrong:
        errors["approval_status"] = [
            _("Use one of: %(values)s.") % {"values": ", ".join(APPROVAL_STATUSES)}
        ]
    filters.approval_statuses = statuses
    if query.state:
        if not re.fullmatch(r"[A-Za-z]{2}", query.state):
            errors["state"] = [_("Use a two-letter state code.")]
        filters.state = query.state.upper()
    if query.zipcode:
        origin = zip_centroid(query.zipcode) if is_us_zip(query.zipcode) else None
        if origin is None:
            errors["zipcode"] = [_("Use a known 5-digit US ZIP code.")]
        filters.origin = origin
        filters.radius = query.max_dist or 25.0
    elif query.max_dist is not None:
        errors["zipcode"] = [_("max_dist needs a zipcode to measure from.")]
    if errors:
        raise ApiError(errors)
    filters.visibilities = _visibilities(query.visibility, key)
    if statuses != ["APPROVED"] and key is None:
        raise ApiError({"approval_status": [_("Events not yet approved need an API key.")]}, 403)
    return filters


def _timeslot(shift, *, privileged: bool) -> dict:
    return {
        "id": shift.pk,
        "start_date": unix(shift.start_at),
        "end_date": unix(shift.end_at),
        "max_attendees": shift.capacity,
        "attendee_count": shift.attendee_count,
        "is_full": shift.is_full,
        "instructions": shift.instructions if privileged else None,
    }


def serialize_event(event: EventPage, request: HttpRequest, *, privileged: bool) -> dict:
    """Mobilize's event object; `privileged` (a valid key) adds contact and instructions."""
    location = None
    if not event.is_virtual:
        location = {
            "venue": event.venue,
            "address_lines": event.address_lines,
            "locality": event.locality,
            "region": event.region,
            "country": event.country,
            "postal_code": event.postal_code,
            "location": (
                {"latitude": event.latitude, "longitude": event.longitude}
                if event.latitude is not None and event.longitude is not None
                else None
            ),
            "congressional_district": None,
            "state_leg_district": None,
            "state_senate_district": None,
        }
    image = ""
    if event.featured_image_id:
        # The original file: a rendition would be a query (or an image resize) per event.
        image = request.build_absolute_uri(event.featured_image.file.url)
    contact = None
    if privileged:
        contact = {
            "name": event.contact_name,
            "email_address": event.contact_email,
            "phone_number": event.contact_phone,
            "owner_user_id": event.owner_id,
        }
    changes = [moment for moment in (event.last_published_at, event.cancelled_at) if moment]
    # Volunteer hosts' events are drafts until an organizer publishes them.
    approval = "APPROVED" if event.live else "NEEDS_APPROVAL"
    return {
        "id": event.pk,
        "title": event.title,
        "summary": event.summary,
        "description": expand_db_html(event.description),
        "featured_image_url": image,
        "high_priority": event.high_priority,
        "sponsor": _site_organization(request),
        "timeslots": [_timeslot(s, privileged=privileged) for s in event.shifts.all()],
        "location": location,
        "timezone": event.timezone,
        "event_type": event.event_type,
        "browser_url": request.build_absolute_uri(event.get_url(request) or "/"),
        "created_date": unix(event.first_published_at),
        # Cancelling is a change a syncing client must see.
        "modified_date": unix(max(changes, default=None)),
        "visibility": event.visibility,
        "address_visibility": Visibility.PUBLIC,
        "created_by_volunteer_host": event.host_id is not None,
        "is_virtual": event.is_virtual,
        "virtual_action_url": None,
        "contact": contact,
        "accessibility_status": event.accessibility_status or None,
        "accessibility_notes": event.accessibility_notes,
        "tags": [{"id": tag.pk, "name": tag.name} for tag in event.tags.all()],
        "approval_status": approval,
        "event_campaign": None,
        "instructions": event.private_instructions if privileged else None,
        "deleted_date": unix(event.cancelled_at) if event.is_cancelled else None,
    }


def _person(user, *, sms: bool | None = None) -> dict:
    volunteer = getattr(user, "volunteer", None)
    phone = getattr(volunteer, "phone", "") or ""
    postal = getattr(volunteer, "postal_code", "") or ""
    created = getattr(volunteer, "created_at", None) or user.date_joined
    modified = getattr(volunteer, "updated_at", None) or created
    return {
        "id": user.pk,
        "person_id": user.pk,
        "user_id": user.pk,
        "created_date": unix(created),
        "modified_date": unix(modified),
        "given_name": user.first_name,
        "family_name": user.last_name,
        "email_addresses": [{"primary": True, "address": user.email}],
        "phone_numbers": [{"primary": True, "number": str(phone)}] if phone else [],
        "postal_addresses": [{"primary": True, "postal_code": postal}] if postal else [],
        "sms_opt_in_status": "OPT_IN" if sms else "UNSPECIFIED",
        "blocked_date": None,
    }


def _attendances(
    rsvps: list[RSVP], request: HttpRequest, key, *, written=None, event_data=None
) -> list[dict]:
    """Mobilize's attendance objects; `written`: the answers each of `rsvps` was just given
    (in question order), so a new sign-up's answer does not read them back; `event_data`: their
    one event, serialized already (its counters are brought up to each RSVP's shift)."""
    # Sensitive answers (health, access needs) only for keys issued to organizers.
    owner = getattr(key, "owner", None)
    with_sensitive = owner is not None and can_run_desk_for_all(owner)
    if written is None:
        answers = answers_for(rsvps=rsvps, with_sensitive=with_sensitive)
    else:
        shown = [answer for answer in written if with_sensitive or not answer.sensitive]
        answers = {rsvp.pk: shown for rsvp in rsvps}
    return [
        _attendance(rsvp, request, answers=answers.get(rsvp.pk, []), event_data=event_data)
        for rsvp in rsvps
    ]


def _attendance(rsvp: RSVP, request: HttpRequest, *, answers=(), event_data=None) -> dict:
    shift = rsvp.shift
    if event_data is None:
        event = shift.page.specific if not isinstance(shift.page, EventPage) else shift.page
        event_data = serialize_event(event, request, privileged=True)
    else:
        # The kept event was serialized with the counters of its moment; this shift's are now.
        event_data = {
            **event_data,
            "timeslots": [
                _timeslot(shift, privileged=True) if slot["id"] == shift.pk else slot
                for slot in event_data["timeslots"]
            ],
        }
    person = _person(rsvp.person, sms=rsvp.sms_opt_in)
    if rsvp.phone:
        person["phone_numbers"] = [{"primary": True, "number": rsvp.phone}]
    if rsvp.postal_code:
        person["postal_addresses"] = [{"primary": True, "postal_code": rsvp.postal_code}]
    modified = max(
        filter(None, [rsvp.created_at, rsvp.cancelled_at, rsvp.confirmed_at, rsvp.checked_in_at])
    )
    attended = None
    if rsvp.attendance:
        attended = rsvp.attendance == RSVP.Attendance.ATTENDED
    status = {
        RSVP.Status.CANCELLED: "CANCELLED",
        RSVP.Status.WAITLISTED: "WAITLISTED",
    }.get(rsvp.status, "CONFIRMED" if rsvp.confirmed_at else "REGISTERED")
    return {
        "id": rsvp.pk,
        "created_date": unix(rsvp.created_at),
        "modified_date": unix(modified),
        "person": person,
        "event": event_data,
        "timeslot": _timeslot(shift, privileged=True),
        "sponsor": event_data["sponsor"],
        "status": status,
        "attended": attended,
        "referrer": {
            "utm_source": rsvp.utm_source or None,
            "utm_medium": rsvp.utm_medium or None,
            "utm_campaign": rsvp.utm_campaign or None,
            "utm_term": rsvp.utm_term or None,
            "utm_content": rsvp.utm_content or None,
            "url": rsvp.referrer_url or None,
        },
        "custom_signup_field_values": signup_field_values(answers),
        "guests": rsvp.guests,
    }


# --- organizations -------------------------------------------------------------------------


@api.get("/organizations", response={200: OrganizationList, **ERRORS}, tags=["organizations"])
@throttled("read")
def organizations(request, since: Query[SinceQuery], paging: Query[Paging]):
    """The site's organization and the coalition partners it promotes."""
    moment = _moment(since.updated_since)
    partners = Partner.objects.order_by("pk")
    if moment is not None:
        partners = partners.filter(created_at__gte=moment)
    items = [_site_organization(request)] if moment is None else []
    items += [_partner_organization(request, partner) for partner in partners]
    return _page_of(request, items, paging)


def _page_of(request, items: list, paging: Paging) -> dict:
    number = _page_number(paging)
    offset = (number - 1) * paging.per_page
    result = reads.ApiPage(
        count=len(items),
        items=items[offset : offset + paging.per_page],
        page=number,
        per_page=paging.per_page,
    )
    return _paged(request, result, result.items)


@api.get(
    "/organizations/{id:organization_id}",
    response={200: OrganizationOne, **ERRORS},
    tags=["organizations"],
)
@throttled("read")
def organization(request, organization_id: int):
    return {"data": _organization_or_404(request, organization_id)}


@api.get(
    "/organizations/{id:organization_id}/promoted_organizations",
    response={200: OrganizationList, **ERRORS},
    tags=["organizations"],
)
@throttled("read")
def promoted_organizations(request, organization_id: int, paging: Query[Paging]):
    """Coalition partners; a key is needed, as in Mobilize."""
    if _key(request) is None:
        raise _refuse_key()
    _organization_or_404(request, organization_id)
    items = []
    if organization_id == SITE_ORGANIZATION_ID:
        items = [_partner_organization(request, p) for p in Partner.objects.order_by("pk")]
    return _page_of(request, items, paging)


# --- events --------------------------------------------------------------------------------


def _list_events(request, organization_id: int, query: EventQuery, paging: Paging) -> dict:
    key = _key(request)
    filters = _event_filters(query, key)
    number = _page_number(paging)
    owners = set(query.organization_id) or {SITE_ORGANIZATION_ID}
    if organization_id != SITE_ORGANIZATION_ID or SITE_ORGANIZATION_ID not in owners:
        # Partners own no events here; the site's events are all the site's own.
        result = reads.ApiPage(count=0, items=[], page=number, per_page=paging.per_page)
    else:
        result = reads.api_events(filters=filters, page=number, per_page=paging.per_page)
    items = [serialize_event(e, request, privileged=key is not None) for e in result.items]
    return _paged(request, result, items)


@api.get("/events", response={200: EventList, **ERRORS}, tags=["events"])
@throttled("read")
def events(request, query: Query[EventQuery], paging: Query[Paging]):
    """Mobilize's deprecated public list: an alias for organization 1's events."""
    return _list_events(request, SITE_ORGANIZATION_ID, query, paging)


@api.get(
    "/organizations/{id:organization_id}/events",
    response={200: EventList, **ERRORS},
    tags=["events"],
)
@throttled("read")
def organization_events(
    request, organization_id: int, query: Query[EventQuery], paging: Query[Paging]
):
    _organization_or_404(request, organization_id)
    return _list_events(request, organization_id, query, paging)


def _deleted(request, organization_id: int, query: DeletedQuery, paging: Paging) -> dict:
    key = _key(request)
    number = _page_number(paging)
    visibilities = list(dict.fromkeys(query.visibility)) or [Visibility.PUBLIC]
    if key is None:
        # Documented: without permission, private deletions are simply not listed.
        visibilities = [v for v in visibilities if v == Visibility.PUBLIC]
    owners = set(query.organization_id) or {SITE_ORGANIZATION_ID}
    if organization_id != SITE_ORGANIZATION_ID or SITE_ORGANIZATION_ID not in owners:
        visibilities = []
    result = reads.deleted_events(
        visibilities=visibilities,
        since=_moment(query.updated_since),
        page=number,
        per_page=paging.per_page,
    )
    items = [{"id": row.id, "deleted_date": unix(row.deleted_date)} for row in result.items]
    return _paged(request, result, items)


@api.get("/events/deleted", response={200: DeletedList, **ERRORS}, tags=["events"])
@throttled("read")
def events_deleted(request, query: Query[DeletedQuery], paging: Query[Paging]):
    """Deleted, unpublished and cancelled events, with when they went."""
    return _deleted(request, SITE_ORGANIZATION_ID, query, paging)


@api.get(
    "/organizations/{id:organization_id}/events/deleted",
    response={200: DeletedList, **ERRORS},
    tags=["events"],
)
@throttled("read")
def organization_events_deleted(
    request, organization_id: int, query: Query[DeletedQuery], paging: Query[Paging]
):
    _organization_or_404(request, organization_id)
    return _deleted(request, organization_id, query, paging)


def _one_event(request, organization_id: int, event_id: int, *, private_with_key: bool) -> dict:
    """Mobilize: the public route answers 404 for a private event; the organization's route
    shows it to an authenticated request."""
    key = _key(request)
    visibilities = [Visibility.PUBLIC]
    if private_with_key and key is not None:
        visibilities.append(Visibility.PRIVATE)
    event = None
    if organization_id == SITE_ORGANIZATION_ID:
        event = reads.api_event(event_id=event_id, visibilities=visibilities)
    if event is None:
        raise ApiError({"event_id": [_("No such event.")]}, 404)
    return {"data": serialize_event(event, request, privileged=key is not None)}


@api.get("/events/{id:event_id}", response={200: EventOne, **ERRORS}, tags=["events"])
@throttled("read")
def event(request, event_id: int):
    """A public event; private ones are read through the organization's route with a key."""
    return _one_event(request, SITE_ORGANIZATION_ID, event_id, private_with_key=False)


@api.get(
    "/organizations/{id:organization_id}/events/{id:event_id}",
    response={200: EventOne, **ERRORS},
    tags=["events"],
)
@throttled("read")
def organization_event(request, organization_id: int, event_id: int):
    _organization_or_404(request, organization_id)
    return _one_event(request, organization_id, event_id, private_with_key=True)


# --- attendances and people ----------------------------------------------------------------


def _site_only(request, organization_id: int) -> None:
    _organization_or_404(request, organization_id)
    if organization_id != SITE_ORGANIZATION_ID:
        raise ApiError({"organization_id": [_("Partners' sign-ups are not kept here.")]}, 404)


@api.get(
    "/organizations/{id:organization_id}/attendances",
    response={200: AttendanceList, **ERRORS},
    tags=["attendances"],
)
@throttled("read")
def attendances(request, organization_id: int, since: Query[SinceQuery], paging: Query[Paging]):
    """Every sign-up; a key issued to staff who may see sign-ups."""
    key = _staff_key(request, "events.view_rsvp")
    _site_only(request, organization_id)
    result = reads.api_attendances(
        event_id=None,
        since=_moment(since.updated_since),
        page=_page_number(paging),
        per_page=paging.per_page,
    )
    return _paged(request, result, _attendances(list(result.items), request, key))


@api.get(
    "/organizations/{id:organization_id}/events/{id:event_id}/attendances",
    response={200: AttendanceList, **ERRORS},
    tags=["attendances"],
)
@throttled("read")
def event_attendances(
    request, organization_id: int, event_id: int, since: Query[SinceQuery], paging: Query[Paging]
):
    key = _staff_key(request, "events.view_rsvp")
    _site_only(request, organization_id)
    result = reads.api_attendances(
        event_id=event_id,
        since=_moment(since.updated_since),
        page=_page_number(paging),
        per_page=paging.per_page,
    )
    return _paged(request, result, _attendances(list(result.items), request, key))


def _create_attendances(request, event_id: int, payload: AttendanceIn):
    key = _key(request)
    if key is None:
        raise _refuse_key()
    # Read once for the whole rush and kept until the event changes (events.cached_event).
    event = cached_event.event_for_sign_up(event_id=event_id)
    if event is None:
        raise ApiError({"event_id": [_("No such event.")]}, 404)
    if not services.event_is_open(event):
        raise ApiError({"event": [_("This event is no longer taking sign-ups.")]})
    shift_ids = [choice.timeslot_id for choice in payload.timeslots]
    known = {shift.pk for shift in event.all_shifts}
    unknown = [slot for slot in shift_ids if slot not in known]
    if unknown:
        raise ApiError(
            {
                "timeslots": [
                    _("Timeslot %(id)s is not part of this event.") % {"id": slot}
                    for slot in unknown
                ]
            }
        )
    person_in = payload.person
    phone = person_in.phone_number
    referrer = payload.referrer or ReferrerIn()
    try:
        # The person is made (or found) and the RSVP checked in one transaction, so a refused
        # RSVP leaves no new person behind; the places are taken after it commits, in one
        # statement that commits on its own (events.places): a rush queues only for that.
        with transaction.atomic():
            person, person_is_new = person_found_or_made(
                email=str(person_in.email_address),
                first_name=person_in.given_name,
                last_name=person_in.family_name,
                postal_code=person_in.postal_code,
            )
            plan = services.rsvp_prepare(
                event=event,
                shift_ids=shift_ids,
                person=person,
                source=RSVP.Source.API,
                phone=phone,
                postal_code=person_in.postal_code,
                referrer=services.Referrer(
                    utm_source=referrer.utm_source or "",
                    utm_medium=referrer.utm_medium or "",
                    utm_campaign=referrer.utm_campaign or "",
                    utm_term=referrer.utm_term or "",
                    utm_content=referrer.utm_content or "",
                    url=referrer.url or "",
                ),
                sms_opt_in=payload.sms_opt_in in (True, "OPT_IN"),
                transactional_sms_opt_in=payload.transactional_sms_opt_in in (True, "OPT_IN"),
                guests=payload.guests,
                answers={
                    value.custom_field_id: (
                        value.boolean_value if value.boolean_value is not None else value.text_value
                    )
                    for value in payload.custom_signup_field_values
                },
                person_is_new=person_is_new,
            )
        rsvps = services.rsvp_take(plan)
    except services.RsvpError as problem:
        raise ApiError(problem.errors) from None
    except IntegrityError:
        # The same person sent two requests at once; the constraint let only one through.
        raise ApiError({"timeslots": [_("You are already signed up for that shift.")]}) from None
    for rsvp in rsvps:
        rsvp.shift.page = event
    event_data = cached_event.serialized_event(
        event=event,
        request=request,
        serialize=lambda event, request: serialize_event(event, request, privileged=True),
    )
    data = _attendances(rsvps, request, key, written=plan.answers, event_data=event_data)
    return 201, {"data": data, "error": None}


@api.post(
    "/organizations/{id:organization_id}/events/{id:event_id}/attendances",
    response={201: AttendanceCreated, **ERRORS},
    tags=["attendances"],
)
@throttled("write")
def create_attendances(request, organization_id: int, event_id: int, payload: AttendanceIn):
    """Sign a person up for timeslots (matched by email); today's capacity, waitlist,
    qualification and consent rules apply."""
    _site_only(request, organization_id)
    return _create_attendances(request, event_id, payload)


@api.post(
    "/events/{id:event_id}/attendances",
    response={201: AttendanceCreated, **ERRORS},
    tags=["attendances"],
)
@throttled("write")
def create_attendances_alias(request, event_id: int, payload: AttendanceIn):
    """The same as the organization's route, for organization 1."""
    return _create_attendances(request, event_id, payload)


@api.get(
    "/organizations/{id:organization_id}/people",
    response={200: PersonList, **ERRORS},
    tags=["people"],
)
@throttled("read")
def people(request, organization_id: int, since: Query[SinceQuery], paging: Query[Paging]):
    """Volunteers; a key issued to staff who may see volunteers."""
    _staff_key(request, "recruitment.view_volunteer")
    _site_only(request, organization_id)
    result = reads.api_people(
        since=_moment(since.updated_since), page=_page_number(paging), per_page=paging.per_page
    )
    return _paged(request, result, [_person(v.user) for v in result.items])
