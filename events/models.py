"""Events: pages with shifts, the RSVPs that fill them, and what happens around them."""

import hashlib
import secrets
import zoneinfo
from datetime import UTC, datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import DatabaseError, models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from events.forms_admin import EventPageForm
from portal.activities import EventType
from portal.geo import zip_centroid
from portal.i18n import NotTranslated, source_of
from portal.text import StorableTextPageForm


class AccessibilityStatus(models.TextChoices):
    ACCESSIBLE = "ACCESSIBLE", _("Wheelchair accessible")
    NOT_ACCESSIBLE = "NOT_ACCESSIBLE", _("Not wheelchair accessible")
    NOT_SURE = "NOT_SURE", _("Accessibility not yet confirmed")


class Visibility(models.TextChoices):
    PUBLIC = "PUBLIC", _("Public: listed and searchable")
    PRIVATE = "PRIVATE", _("Unlisted: only people with the link")


# No sign-up brings more than this many guests, whatever an event allows.
MAX_GUESTS = 20

TIME_ZONES = [
    ("America/New_York", _("Eastern Time")),
    ("America/Detroit", _("Eastern Time (Michigan)")),
    ("America/Chicago", _("Central Time")),
    ("America/Denver", _("Mountain Time")),
    ("America/Phoenix", _("Arizona Time (no daylight saving)")),
    ("America/Los_Angeles", _("Pacific Time")),
    ("America/Anchorage", _("Alaska Time")),
    ("Pacific/Honolulu", _("Hawaii Time")),
    ("America/Puerto_Rico", _("Atlantic Time (Puerto Rico)")),
]


class EventTag(models.Model):
    """A label organizers put on events (e.g. "Weekend", "Spanish-speaking"); the API's tags."""

    name = models.CharField(_("name"), max_length=80, unique=True)

    panels = [FieldPanel("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("event tag")
        verbose_name_plural = _("event tags")

    def __str__(self) -> str:
        return self.name


class DeletedEvent(models.Model):
    """What is left of an event page that was deleted or unpublished: enough for API clients that
    sync to learn it is gone (Mobilize's events/deleted). Republishing removes the record."""

    event_id = models.PositiveBigIntegerField(unique=True)
    deleted_at = models.DateTimeField(default=timezone.now, db_index=True)
    visibility = models.CharField(max_length=10, default="PUBLIC")

    class Meta:
        verbose_name = _("deleted event")
        verbose_name_plural = _("deleted events")

    def __str__(self) -> str:
        return f"{self.event_id} ({self.deleted_at:%Y-%m-%d})"


class EventIndexPage(RoutablePageMixin, Page):
    """/events/: upcoming events with filters, and the calendar feed of them all."""

    base_form_class = StorableTextPageForm

    introduction = models.TextField(_("introduction"), blank=True, max_length=500)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1
    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    class Meta:
        verbose_name = _("events listing")

    @path("")
    def listing(self, request):
        from events.views import event_index

        return event_index(request, self)


class EventPage(RoutablePageMixin, Page):
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = RichTextField(_("description"), blank=True)
    event_type = models.CharField(
        _("event type"), max_length=20, choices=EventType.choices, default=EventType.CANVASS
    )
    # A live training points at the course it teaches; events stand above training, so the
    # link is owned here and the course page lists its trainings through an events template tag.
    course = models.ForeignKey(
        "training.CoursePage",
        verbose_name=_("course it teaches"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="live_trainings",
        help_text=_(
            "For live trainings: the course page lists this event while it takes sign-ups."
        ),
    )
    featured_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("featured image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    timezone = models.CharField(
        _("time zone"), max_length=40, choices=TIME_ZONES, default="America/New_York"
    )
    is_virtual = models.BooleanField(_("virtual event"), default=False)
    virtual_join_url = models.URLField(
        _("join link"),
        blank=True,
        help_text=_("Shown only to people who signed up, on the page and in their emails."),
    )
    venue = models.CharField(_("venue"), max_length=150, blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    locality = models.CharField(_("city"), max_length=100, blank=True)
    region = models.CharField(_("state"), max_length=50, blank=True)
    postal_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    # ISO 3166-1 alpha-2; US territories have their own codes (Puerto Rico is PR).
    # Optional in the form (existing forms and imports do not send it); empty means US.
    country = models.CharField(_("country code"), max_length=2, default="US", blank=True)
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)
    accessibility_status = models.CharField(
        _("accessibility"),
        max_length=20,
        choices=AccessibilityStatus.choices,
        default=AccessibilityStatus.NOT_SURE,
    )
    accessibility_notes = models.TextField(_("accessibility notes"), blank=True, max_length=1000)
    contact_name = models.CharField(_("contact name"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    private_instructions = models.TextField(
        _("instructions for attendees"),
        blank=True,
        max_length=3000,
        help_text=_("Sent after sign-up and shown only to people who signed up."),
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    is_cancelled = models.BooleanField(
        _("cancelled"),
        default=False,
        help_text=_("Publishing a cancelled event tells everyone signed up and closes sign-ups."),
    )
    # When it was first saved as cancelled: the API reports it as the event's deletion date.
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    high_priority = models.BooleanField(
        _("high priority"), default=False, help_text=_("Pinned first for partners and API clients.")
    )
    tags = ParentalManyToManyField(EventTag, verbose_name=_("tags"), blank=True)
    interns = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("interns at the check-in desk"),
        blank=True,
        related_name="assigned_events",
    )
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer host"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_events",
    )
    host_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    max_guests = models.PositiveSmallIntegerField(
        _("guests per sign-up"),
        default=0,
        validators=[MaxValueValidator(MAX_GUESTS)],
        help_text=_("How many guests one person may bring. 0: no guests."),
    )
    # Around the event (issue 19): who may message its people, the follow-up emails, and
    # whether late promotions from the waitlist must be confirmed.
    staff_may_message = models.BooleanField(
        _("host and assigned interns may message this event's people"), default=False
    )
    send_thank_you = models.BooleanField(
        _("thank people who came"),
        default=True,
        help_text=_("After each shift: their hours, a 1–5 rating and the next events near them."),
    )
    send_missed_you = models.BooleanField(
        _("write to no-shows"),
        default=True,
        help_text=_("After each shift: a kind “we missed you” with the next events."),
    )
    promotion_confirm_within_hours = models.PositiveSmallIntegerField(
        _("promotions to confirm within (hours before the start)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(24 * 14)],
        help_text=_(
            "A place freed this close to the start must be confirmed by the person moved off "
            "the waitlist, or it passes to the next. Leave empty to promote without asking."
        ),
    )
    promotion_confirm_minutes = models.PositiveSmallIntegerField(
        _("minutes to confirm a promotion"),
        default=120,
        validators=[MinValueValidator(5), MaxValueValidator(24 * 60)],
    )
    # Derived from the shifts on every save, so listings sort and filter without a join.
    starts_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)
    ends_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)

    # One event, one set of shifts: a translation copies words, never shifts (see shift_owner).
    override_translatable_fields = [NotTranslated("shifts"), NotTranslated("questions")]

    base_form_class = EventPageForm
    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("locality"),
        index.FilterField("event_type"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("event_type"), FieldPanel("timezone")]),
        FieldPanel("course"),
        FieldPanel("featured_image"),
        FieldRowPanel([FieldPanel("tags"), FieldPanel("high_priority")]),
        InlinePanel(
            "shifts",
            heading=_("Shifts"),
            label=_("Shift"),
            min_num=1,
            help_text=_("Times are in the event's time zone."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("is_virtual"),
                FieldPanel("virtual_join_url"),
                FieldPanel("venue"),
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("locality"), FieldPanel("region")]),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("country")]),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [FieldPanel("accessibility_status"), FieldPanel("accessibility_notes")],
            heading=_("Accessibility"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
                FieldPanel("private_instructions"),
            ],
            heading=_("Contact and instructions"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("visibility"),
                FieldPanel("is_cancelled"),
                FieldPanel("interns"),
                FieldPanel("host", read_only=True),
                FieldPanel("max_guests"),
            ],
            heading=_("Sign-ups and check-in"),
        ),
        InlinePanel(
            "questions",
            heading=_("Questions at sign-up"),
            label=_("Question"),
            help_text=_("Asked on the sign-up form; answers are kept with each sign-up."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("staff_may_message"),
                FieldRowPanel([FieldPanel("send_thank_you"), FieldPanel("send_missed_you")]),
                FieldRowPanel(
                    [
                        FieldPanel("promotion_confirm_within_hours"),
                        FieldPanel("promotion_confirm_minutes"),
                    ]
                ),
            ],
            heading=_("Messages, follow-up and waitlist"),
        ),
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["latitude", "longitude"], name="event_lat_lng_idx")]

    def save(self, *args, **kwargs):
        # The ZIP centroid is enough for "near me" lists and needs no geocoding service.
        centroid = None if self.is_virtual else zip_centroid(self.postal_code)
        self.latitude, self.longitude = centroid if centroid else (None, None)
        owner = self.shift_owner
        shift_source = self.shifts.all() if owner is self else Shift.objects.filter(page=owner)
        shifts = [shift for shift in shift_source if shift.start_at and shift.end_at]
        self.starts_at = min((shift.start_at for shift in shifts), default=None)
        self.ends_at = max((shift.end_at for shift in shifts), default=None)
        self.country = (self.country or "US").upper()
        if not self.is_cancelled:
            self.cancelled_at = None
        elif self.cancelled_at is None:
            self.cancelled_at = timezone.now()
        if self.pk and self.host_id and self.host_notified_at is None:
            # Page revisions predate the host's notice; keep the live value so it is sent once.
            self.host_notified_at = (
                EventPage.objects.filter(pk=self.pk)
                .values_list("host_notified_at", flat=True)
                .first()
            )
        super().save(*args, **kwargs)
        if owner is self:
            # Translations list and filter by these too; they read the times of these shifts.
            EventPage.objects.filter(translation_key=self.translation_key).exclude(
                pk=self.pk
            ).update(starts_at=self.starts_at, ends_at=self.ends_at)

    @cached_property
    def shift_owner(self) -> "EventPage":
        """The page whose shifts (and so RSVPs, waitlist, desk, counts) this event uses: the
        default-language version; a translation has no shifts of its own."""
        if not self.pk and self.locale_id is None:
            return self
        # Set on the event read for sign-ups (selectors.event_for_sign_up), kept with it.
        known = self.__dict__.get("_shift_owner")
        return known if known is not None else source_of(self)

    @property
    def all_shifts(self):
        """The event's shifts in any language (prefetched ones on the owner are reused)."""
        return self.shift_owner.shifts.all()

    def copy_all_child_relations(self, target, exclude=None):
        # Translating (and Wagtail's aliases of other locales) copies the page; shifts stay
        # with the source so every language fills the same places, and so do the questions
        # (each carries its own Spanish wording), so answers from either page are one set.
        if target.translation_key == self.translation_key and target.locale_id != self.locale_id:
            exclude = [*(exclude or []), "shifts", "questions"]
        return super().copy_all_child_relations(target, exclude=exclude)

    @cached_property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def timezone_label(self) -> str:
        return str(dict(TIME_ZONES).get(self.timezone, self.timezone))

    @property
    def address_lines(self) -> list[str]:
        # The venue has its own field in the API, as in Mobilize's; these are the street lines,
        # always exactly two as Mobilize's documentation promises (the second one may be empty).
        return [self.street_address, ""]

    @property
    def location_fingerprint(self) -> str:
        parts = (
            self.is_virtual,
            self.virtual_join_url,
            self.venue,
            self.street_address,
            self.locality,
            self.region,
            self.postal_code,
        )
        return "|".join(str(part) for part in parts)

    def get_context(self, request, *args, **kwargs):
        from events.selectors import event_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_page_context(event=self, user=request.user))
        return context

    @path("")
    def detail(self, request):
        from events.views import event_detail

        return event_detail(request, self)


class Shift(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="shifts")
    start_at = models.DateTimeField(_("starts"))
    end_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    instructions = models.TextField(_("shift instructions"), blank=True, max_length=1000)
    # Training gates a shift: a person without this qualification cannot sign up (see
    # events.gating.qualification_missing, which also applies requirements per event type).
    required_qualification = models.ForeignKey(
        "training.Qualification",
        verbose_name=_("required qualification"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="required_by_shifts",
        help_text=_("Only people holding it can sign up for this shift."),
    )
    # The recurring series that made this shift (events/series.py); empty for one-off shifts.
    series = models.ForeignKey(
        "events.Series",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="occurrences",
    )
    # Places taken, kept by the RSVP services under a row lock; never edited in the admin.
    attendee_count = models.PositiveIntegerField(default=0, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("start_at"), FieldPanel("end_at")]),
        FieldPanel("capacity"),
        FieldPanel("instructions"),
        FieldPanel("required_qualification"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        indexes = [models.Index(fields=["start_at"], name="shift_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(attendee_count__lte=F("capacity")),
                name="shift_attendees_within_capacity",
            ),
            models.CheckConstraint(condition=Q(end_at__gt=F("start_at")), name="shift_ends_after"),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.start_at, self.page.zone)
        return f"{self.page.title} · {local:%Y-%m-%d %H:%M %Z}"

    def save(self, *args, **kwargs):
        # Publishing a page revision re-saves its shifts from a stored snapshot; that snapshot's
        # attendee_count is stale, so page saves must leave the live counter alone.
        if self._state.adding and not self.pk:
            # A new shift (including one copied with its page) starts with nobody signed up.
            self.attendee_count = 0
        if self.pk and kwargs.get("update_fields") is None:
            fields = [
                f.attname
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "attendee_count"
            ]
            try:
                return super().save(*args, **{**kwargs, "update_fields": fields})
            except DatabaseError:
                # The row is gone (e.g. an old revision brings a deleted shift back): insert it.
                self.attendee_count = 0
        return super().save(*args, **kwargs)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.attendee_count >= self.capacity

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.attendee_count, 0)

    @property
    def duration_hours(self) -> float:
        return round((self.end_at - self.start_at).total_seconds() / 3600, 2)

    @property
    def fingerprint(self) -> str:
        # In UTC: the same moment read in another zone is the same promise, not a change.
        return (
            f"{self.start_at.astimezone(UTC).isoformat()}|{self.end_at.astimezone(UTC).isoformat()}"
        )


def told_fingerprint(*, shift: Shift, event: "EventPage") -> str:
    """What a person with a place in `shift` has been told about its time and place."""
    return f"{shift.fingerprint}|{event.location_fingerprint}"


class RsvpQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        RSVP.record_what_was_told(objs)
        return super().bulk_create(objs, *args, **kwargs)


class RSVP(models.Model):
    """One person's place (or place in line) in one shift."""

    class Status(models.TextChoices):
        REGISTERED = "REGISTERED", _("Registered")
        WAITLISTED = "WAITLISTED", _("Waitlisted")
        WALK_IN = "WALK_IN", _("Walk-in")
        CANCELLED = "CANCELLED", pgettext_lazy("sign-up status", "Cancelled")

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("Not yet recorded")
        ATTENDED = "ATTENDED", _("Attended")
        NO_SHOW = "NO_SHOW", _("No-show")

    class Source(models.TextChoices):
        WEB = "web", _("Event page")
        API = "api", _("API")
        DESK = "desk", _("Check-in desk")

    ACTIVE = (Status.REGISTERED, Status.WAITLISTED, Status.WALK_IN)
    # Sign-ups are not content: tracking their links in Wagtail's reference index would only add
    # queries to every RSVP.
    wagtail_reference_index_ignore = True

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="rsvps")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_rsvps"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, blank=True, default=""
    )
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed coming"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    postal_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    utm_source = models.CharField(max_length=100, blank=True)
    utm_medium = models.CharField(max_length=100, blank=True)
    utm_campaign = models.CharField(max_length=100, blank=True)
    utm_term = models.CharField(max_length=100, blank=True)
    utm_content = models.CharField(max_length=100, blank=True)
    referrer_url = models.CharField(max_length=500, blank=True)
    sms_opt_in = models.BooleanField(default=False)
    # Texts about this sign-up itself (reminders, changes); Mobilize's default is opted in.
    transactional_sms_opt_in = models.BooleanField(default=True)
    language = models.CharField(max_length=8, default="en")
    # People this person brings; each takes a place like the person's own (see `places`).
    guests = models.PositiveSmallIntegerField(_("guests"), default=0)
    guest_names = models.CharField(_("guests' names"), max_length=500, blank=True)
    # The standing sign-up ("every week") that took this place, if any.
    standing = models.ForeignKey(
        "events.StandingRsvp",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rsvps",
    )
    # What this person was last told about time and place, so changes are announced once.
    told_fingerprint = models.CharField(max_length=600, blank=True, editable=False)
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # A late promotion the person must confirm by then, or the place passes on (events.waitlist).
    promotion_expires_at = models.DateTimeField(
        _("promotion to confirm by"), null=True, blank=True, db_index=True
    )

    objects = RsvpQuerySet.as_manager()

    class Meta:
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["shift", "status", "created_at"], name="rsvp_shift_status_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "person"],
                condition=Q(status__in=["REGISTERED", "WAITLISTED", "WALK_IN"]),
                name="rsvp_one_active_per_person_and_shift",
            )
        ]
        permissions = [
            ("use_checkin_desk", _("Can use the check-in desk for assigned events")),
            ("manage_all_attendance", _("Can run check-in for every event")),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.shift} · {self.get_status_display()}"

    def save(self, *args, **kwargs):
        if self._state.adding:
            RSVP.record_what_was_told([self])
        super().save(*args, **kwargs)

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def places(self) -> int:
        """Places this sign-up takes in its shift's count: the person and their guests."""
        return 1 + self.guests

    @staticmethod
    def record_what_was_told(rsvps: list["RSVP"]) -> None:
        """Fill `told_fingerprint` of new rows from their shift's time and place as they stand.

        Every way a row is made (the services, the admin, imports, demo seeders, bulk or not)
        passes here: a row without it would read as "changed" at the event's next publish and
        its person would be sent a change that never happened.
        """
        missing = [rsvp for rsvp in rsvps if not rsvp.told_fingerprint]
        if not missing:
            return
        shifts = {
            shift.pk: shift
            for shift in Shift.objects.select_related("page").filter(
                pk__in={rsvp.shift_id for rsvp in missing}
            )
        }
        for rsvp in missing:
            # The stored shift and page, not the caller's copy: that is what the pages show.
            shift = shifts[rsvp.shift_id]
            rsvp.told_fingerprint = told_fingerprint(shift=shift, event=shift.page)


class Notice(models.Model):
    """A message sent about an RSVP, recorded before sending so a retry never sends it twice."""

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("Confirmation")
        PROMOTED = "promoted", _("Moved off the waitlist")
        DAY_BEFORE = "day_before", _("Reminder a day before")
        TWO_HOURS = "two_hours", _("Reminder two hours before")
        CHANGED = "changed", _("Time or place changed")
        CANCELLED = "cancelled", _("Event cancelled")
        ALREADY_SIGNED_UP = "already", _("Already signed up (form used again)")
        THANK_YOU = "thank_you", _("Thank you after the shift")
        MISSED_YOU = "missed_you", _("We missed you")
        PROMOTION_EXPIRED = "promo_expired", _("Promotion not confirmed in time")

    wagtail_reference_index_ignore = True

    rsvp = models.ForeignKey(RSVP, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # What the notice was about (e.g. the shift's start), so a moved shift gets fresh reminders.
    key = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Sends tried after the first was lost (a worker died, the mail server refused).
    retries = models.PositiveSmallIntegerField(default=0)
    # The connection broke after the whole message was written, before the server answered:
    # it may have arrived, so it is never sent again automatically (portal.mail.AcceptanceUnknown).
    outcome_unknown = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rsvp", "kind", "key"], name="notice_once_per_rsvp")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.rsvp_id}"


class ShiftReport(models.Model):
    """What a shift achieved, recorded at the check-in desk."""

    wagtail_reference_index_ignore = True

    shift = models.OneToOneField(Shift, on_delete=models.CASCADE, related_name="report")
    doors_knocked = models.PositiveIntegerField(_("doors knocked"), default=0)
    calls_made = models.PositiveIntegerField(_("calls made"), default=0)
    conversations = models.PositiveIntegerField(_("conversations"), default=0)
    voter_registrations = models.PositiveIntegerField(_("voter registrations collected"), default=0)
    notes = models.TextField(_("notes"), blank=True, max_length=3000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("shift report")

    def __str__(self) -> str:
        return str(self.shift)


def hash_api_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiKey(models.Model):
    """A key for writing through the events API. Only its hash is kept; the key is shown once."""

    name = models.CharField(_("name"), max_length=100, help_text=_("Who or what uses this key."))
    prefix = models.CharField(_("starts with"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    # Reading organizer insights (/api/v1/insights/) needs a key issued to a staff member who
    # may see them; the events API's writes do not look at these.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="api_keys",
        limit_choices_to={"is_staff": True, "is_active": True},
        help_text=_("The staff member responsible for this key."),
    )
    can_read_insights = models.BooleanField(
        _("may read insights"),
        default=False,
        help_text=_(
            "Lets the key read /api/v1/insights/. Works only while the person it is issued to "
            "may see Insights in the admin."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("is_active"),
        FieldPanel("owner"),
        FieldPanel("can_read_insights"),
    ]

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def generate() -> str:
        return f"evk_{secrets.token_urlsafe(32)}"

    def set_key(self, raw: str) -> None:
        self.prefix = raw[:10]
        self.key_hash = hash_api_key(raw)


def unix(value: datetime | None) -> int | None:
    return int(value.timestamp()) if value else None


# --- Messages to an event's people (issue 19) --------------------------------------------------


class EventMessage(models.Model):
    """An email (and text) written by staff to the people of an event, a shift or one status."""

    class Audience(models.TextChoices):
        ACTIVE = "active", _("Everyone signed up or waiting")
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("Waitlisted")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("No-show")

    wagtail_reference_index_ignore = True

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="messages")
    shift = models.ForeignKey(
        Shift, null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    audience = models.CharField(max_length=12, choices=Audience.choices, default=Audience.ACTIVE)
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"), max_length=5000)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("message to an event's people")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class EventMessageDelivery(models.Model):
    """The ledger of one message to one person: written before the email, stamped after it, so
    a retried task never sends it twice and a lost worker's rows are swept (portal.notices)."""

    wagtail_reference_index_ignore = True

    message = models.ForeignKey(EventMessage, on_delete=models.CASCADE, related_name="deliveries")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_messages"
    )
    # The sign-up it was about: its language and phone number.
    rsvp = models.ForeignKey(RSVP, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # When a sender took the row; a row taken long ago and still unsent lost its worker.
    taken_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    retries = models.PositiveSmallIntegerField(default=0)
    outcome_unknown = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["message", "person"], name="event_message_once_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.message_id} → {self.person_id}"


class ShiftRating(models.Model):
    """How a shift went, from someone who came: 1–5 and an optional comment."""

    wagtail_reference_index_ignore = True

    rsvp = models.OneToOneField(RSVP, on_delete=models.CASCADE, related_name="rating")
    score = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("shift rating")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="shift_rating_one_to_five"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rsvp_id}: {self.score}"


# --- Recurring series, standing sign-ups, questions at sign-up (issue 19) --------------------


class Series(models.Model):
    """The rule that made a run of shifts ("every Tuesday 6–8 pm until June"); each occurrence
    is an ordinary Shift of the event with its own capacity (see events/series.py)."""

    class Frequency(models.TextChoices):
        WEEKLY = "WEEKLY", _("Every week")
        BIWEEKLY = "BIWEEKLY", _("Every other week")
        MONTHLY = "MONTHLY", _("Every month")

    wagtail_reference_index_ignore = True

    page = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="series")
    frequency = models.CharField(_("repeats"), max_length=10, choices=Frequency.choices)
    # Python's weekday numbers (Monday is 0), comma-separated; empty means the first date's day.
    weekdays = models.CharField(_("weekdays"), max_length=20, blank=True)
    starts_on = models.DateField(_("first date"))
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    until = models.DateField(_("last date"), null=True, blank=True)
    count = models.PositiveSmallIntegerField(_("number of occurrences"), null=True, blank=True)
    # Dates left out (holidays), ISO dates one per line.
    exceptions = models.TextField(_("dates left out"), blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("recurring series")
        verbose_name_plural = _("recurring series")

    def __str__(self) -> str:
        return f"{self.page.title} · {self.get_frequency_display()}"

    @property
    def weekday_numbers(self) -> list[int]:
        return [int(day) for day in self.weekdays.split(",") if day.strip().isdigit()]

    @property
    def exception_dates(self) -> list:
        from datetime import date

        dates = []
        for line in self.exceptions.split():
            try:
                dates.append(date.fromisoformat(line.strip()))
            except ValueError:
                continue
        return dates


class StandingRsvp(models.Model):
    """ "Every week": a person keeps a place in each occurrence of a series as it opens. Each
    place is an ordinary RSVP (`RSVP.standing`), cancellable on its own; cancelling this stops
    the whole run."""

    wagtail_reference_index_ignore = True

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="standing_rsvps")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="standing_rsvps"
    )
    guests = models.PositiveSmallIntegerField(_("guests"), default=0)
    guest_names = models.CharField(_("guests' names"), max_length=500, blank=True)
    # The answers to the event's questions, copied to each occurrence's RSVP ({question id: value}).
    answers = models.JSONField(default=dict, blank=True)
    source = models.CharField(_("source"), max_length=8, choices=RSVP.Source.choices)
    language = models.CharField(max_length=8, default="en")
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("standing sign-up")
        verbose_name_plural = _("standing sign-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "person"],
                condition=Q(cancelled_at__isnull=True),
                name="standing_rsvp_one_active_per_series",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.series}"

    @property
    def is_active(self) -> bool:
        return self.cancelled_at is None


class Question(Orderable):
    """A question an event asks at sign-up, in English and Spanish."""

    class Kind(models.TextChoices):
        SHORT_TEXT = "short", _("Short text")
        LONG_TEXT = "long", _("Long text")
        YES_NO = "yes_no", _("Yes or no")
        ONE_CHOICE = "one", _("One choice")
        SEVERAL_CHOICES = "several", _("Several choices")

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=300)
    text_es = models.CharField(_("question in Spanish"), max_length=300, blank=True)
    choices = models.TextField(
        _("choices"), blank=True, max_length=2000, help_text=_("One choice per line.")
    )
    choices_es = models.TextField(
        _("choices in Spanish"),
        blank=True,
        max_length=2000,
        help_text=_("One per line, in the same order as the choices."),
    )
    required = models.BooleanField(_("required"), default=False)
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_(
            "Health, access needs and the like: answers are shown only to organizers and the "
            "event's host, never to interns."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("required"), FieldPanel("sensitive")]),
        FieldRowPanel([FieldPanel("text"), FieldPanel("text_es")]),
        FieldRowPanel([FieldPanel("choices"), FieldPanel("choices_es")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text


class Answer(models.Model):
    """One answer to one question, kept with the RSVP. The question's words and sensitivity are
    copied, so an answer stays readable (and protected) after its question is edited away."""

    wagtail_reference_index_ignore = True

    rsvp = models.ForeignKey(RSVP, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="answers"
    )
    question_text = models.CharField(max_length=300)
    sensitive = models.BooleanField(default=False)
    # Several choices are stored one per line.
    value = models.TextField(max_length=4000, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["rsvp", "question"], name="answer_once_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.question_text}: {self.value}"


# The door desk's own records live beside it (events/desk/models.py); imported here so Django
# registers them with the events app.
from events.desk.models import DeskTap, DeskWalkIn  # noqa: E402, F401
