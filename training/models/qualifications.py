"""Qualifications: what a volunteer must hold to take some shifts, and who holds them."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from portal.activities import EventType
from portal.text import StorableTextMixin


class QualificationForm(StorableTextMixin, WagtailAdminModelForm):
    required_for_event_types = forms.MultipleChoiceField(
        label=_("Required for these kinds of event"),
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Every shift of these kinds needs this qualification. A single shift can also "
            "require it from the event's Shifts panel."
        ),
    )


class Qualification(index.Indexed, models.Model):
    """Something a volunteer can be trusted with, e.g. "Canvass-ready"."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=1000,
        help_text=_("What holding it means; shown to volunteers who need it."),
    )
    # The Spanish words sit on the row itself, not in a translated copy: shifts, courses and
    # people's grants point at one qualification, and a second row per language would split it.
    name_es = models.CharField(
        _("name in Spanish"),
        max_length=100,
        blank=True,
        help_text=_("Shown on Spanish pages; leave empty to show the name above."),
    )
    description_es = models.TextField(_("description in Spanish"), blank=True, max_length=1000)
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        help_text=_("Leave empty if it never expires."),
    )
    # Event types (portal.activities.EventType values) whose every shift needs this qualification. Few
    # qualifications exist, so a list read in Python beats a join table here.
    required_for_event_types = models.JSONField(
        _("required for these kinds of event"), default=list, blank=True
    )

    base_form_class = QualificationForm
    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("name_es"),
        FieldPanel("description_es"),
        FieldPanel("validity_months"),
        FieldPanel("required_for_event_types"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def in_language(self, field: str, language: str | None) -> tuple[str, bool]:
        """`field` ("name" or "description") for a reader of `language`, and whether it is
        in that language (False: the default-language text, to be marked as such)."""
        spanish = getattr(self, f"{field}_es") if (language or "").startswith("es") else ""
        return (spanish, True) if spanish else (getattr(self, field), False)

    @property
    def event_type_labels(self) -> list[str]:
        labels = dict(EventType.choices)
        return [str(labels.get(value, value)) for value in self.required_for_event_types or []]

    def expiry_from(self, granted_at: datetime) -> datetime | None:
        if not self.validity_months:
            return None
        return add_months(granted_at, self.validity_months)


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` later; the last day of the month when that day is missing."""
    import calendar

    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _valid_at(at: datetime | None) -> Q:
    return Q(expires_at__isnull=True) | Q(expires_at__gt=at or timezone.now())


class GrantQuerySet(models.QuerySet):
    def valid(self, *, at: datetime | None = None) -> GrantQuerySet:
        return self.filter(_valid_at(at))

    def expired(self, *, at: datetime | None = None) -> GrantQuerySet:
        return self.exclude(_valid_at(at))


class QualificationGrant(models.Model):
    """One person holding one qualification, from a course or granted by hand.

    Renewing adds a row, so the history stays; a person holds the qualification while any of
    their rows has not expired.
    """

    wagtail_reference_index_ignore = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="qualification_grants",
    )
    qualification = models.ForeignKey(
        Qualification,
        verbose_name=_("qualification"),
        on_delete=models.CASCADE,
        related_name="grants",
    )
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    course = models.ForeignKey(
        "training.CoursePage",
        verbose_name=_("from course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = GrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("qualification holder")
        verbose_name_plural = _("qualification holders")
        ordering = ["-granted_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "qualification", "expires_at"], name="grant_user_qual_idx")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.qualification}"

    @property
    def is_valid(self) -> bool:
        return self.expires_at is None or self.expires_at > timezone.now()

    @property
    def source_label(self) -> str:
        if self.course_id:
            return str(_("Course: %(title)s") % {"title": self.course.title})
        if self.granted_by_id:
            return str(_("By hand: %(name)s") % {"name": self.granted_by})
        return str(_("By hand"))
