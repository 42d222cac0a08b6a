"""Internship opportunities (a page type) and the applications people send through them."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from phonenumber_field.modelfields import PhoneNumberField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from portal import storage as portal_storage
from portal.text import StorableTextPageForm


def private_storage():
    """The portal's private storage (STORAGES["private"]): résumés are never reachable by URL,
    only through the admin view that checks permissions. Named by the field as a callable so
    migrations do not depend on which backend a deployment chose."""
    return portal_storage.private_storage


def resume_path(instance, filename: str) -> str:
    # The applicant's own file name is not kept: it can hold anything, including their name.
    return f"resumes/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


class InternshipPage(Page):
    base_form_class = StorableTextPageForm
    role = models.CharField(_("role"), max_length=150)
    summary = models.TextField(_("summary"), max_length=500)
    description = RichTextField(_("description"), blank=True)
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"))
    minimum_weeks = models.PositiveSmallIntegerField(_("minimum weeks"))
    stipend = models.CharField(
        _("stipend"),
        max_length=100,
        blank=True,
        help_text=_("For example “$500 per month”. Leave empty if unpaid."),
    )
    school_credit = models.BooleanField(_("school credit available"), default=False)
    location = models.CharField(_("location"), max_length=150, help_text=_("A city, or “Remote”."))
    deadline = models.DateField(
        _("application deadline"),
        null=True,
        blank=True,
        help_text=_("Leave empty for rolling applications."),
    )

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    template = "recruitment/internship_page.html"
    search_fields = [
        *Page.search_fields,
        index.SearchField("role"),
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("deadline"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("role"),
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("hours_per_week"), FieldPanel("minimum_weeks")]),
                FieldRowPanel([FieldPanel("stipend"), FieldPanel("school_credit")]),
                FieldRowPanel([FieldPanel("location"), FieldPanel("deadline")]),
            ],
            heading=_("Terms"),
        ),
    ]

    class Meta:
        verbose_name = _("internship opportunity")
        verbose_name_plural = _("internship opportunities")

    @property
    def is_open(self) -> bool:
        return self.deadline is None or self.deadline >= timezone.localdate()

    def serve(self, request, *args, **kwargs):
        from recruitment.views import internship_page_serve

        return internship_page_serve(request, self)


class InternshipApplication(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        INTERVIEWING = "interviewing", _("Interviewing")
        OFFERED = "offered", _("Offered")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", pgettext_lazy("application status", "Declined")

    # Where each status may go next; accepted and declined are final.
    TRANSITIONS = {
        Status.APPLIED: [Status.INTERVIEWING, Status.DECLINED],
        Status.INTERVIEWING: [Status.OFFERED, Status.DECLINED],
        Status.OFFERED: [Status.ACCEPTED, Status.DECLINED],
        Status.ACCEPTED: [],
        Status.DECLINED: [],
    }

    page = models.ForeignKey(
        InternshipPage,
        verbose_name=_("internship"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    given_name = models.CharField(_("given name"), max_length=150)
    family_name = models.CharField(_("family name"), max_length=150, blank=True)
    email = models.EmailField(_("email"), max_length=254)
    phone = PhoneNumberField(_("phone"), blank=True)
    resume = models.FileField(
        _("résumé (PDF)"), upload_to=resume_path, storage=private_storage, max_length=200
    )
    availability = models.TextField(_("availability"), max_length=1000)
    statement = models.TextField(_("why this internship"), max_length=3000)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.APPLIED
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    # The last status the applicant was told about, so a retried task never emails twice.
    status_emailed = models.CharField(max_length=16, blank=True, editable=False)
    created_at = models.DateTimeField(_("applied"), default=timezone.now, db_index=True)
    # The language the person applied in: every status email is written in it.
    language = models.CharField(max_length=8, default="en", editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("internship application")
        verbose_name_plural = _("internship applications")

    def __str__(self) -> str:
        name = " ".join(part for part in (self.given_name, self.family_name) if part)
        return f"{name} · {self.page.role}"

    @property
    def applicant_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part)

    def next_statuses(self) -> list[str]:
        return [str(status) for status in self.TRANSITIONS[self.Status(self.status)]]
