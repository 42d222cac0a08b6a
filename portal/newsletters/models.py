"""Newsletters, their delivery ledger, the suppression list, shout-outs and milestones.

The tables keep the `portal_` names they had while these models lived in the `portal` app
(newsletters/migrations/0001_initial.py took them over without touching the database).
"""

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.activities import Activity
from portal.newsletters.blocks import NewsletterBodyBlock
from portal.text import StorableTextMixin, StorableTextModelForm, StorableTextPageForm

__all__ = [
    "Delivery",
    "Milestone",
    "NewsletterDispatch",
    "NewsletterIndexPage",
    "NewsletterPage",
    "NewsletterSettings",
    "ShoutOut",
    "Suppression",
    "ThankYouWallPage",
    "TrackingEvent",
]


class NewsletterIndexPage(Page):
    """The public archive of newsletters: each one's "view in browser" address lives under it."""

    base_form_class = StorableTextPageForm

    introduction = models.TextField(_("introduction"), blank=True, max_length=500)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["newsletters.NewsletterPage"]
    max_count_per_parent = 1
    template = "portal/newsletters/newsletter_index_page.html"
    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    class Meta:
        db_table = "portal_newsletterindexpage"
        verbose_name = _("newsletter archive")

    def get_context(self, request, *args, **kwargs):
        from portal.newsletters.selectors import newsletters_sent

        context = super().get_context(request, *args, **kwargs)
        context["newsletters"] = newsletters_sent(locale=self.locale)
        return context


class NewsletterPageForm(StorableTextMixin, WagtailAdminPageForm):
    audience_interests = forms.MultipleChoiceField(
        label=_("Interested in"),
        choices=Activity.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave empty for everyone, whatever they are interested in."),
    )


class NewsletterPage(Page):
    """One newsletter. Its Spanish translation is what Spanish-preferring people receive."""

    class AudienceLanguage(models.TextChoices):
        ALL = "", _("Everyone (each in their preferred language)")
        ENGLISH = "en", _("Only people who prefer English")
        SPANISH = "es", _("Only people who prefer Spanish")

    subject = models.CharField(_("subject"), max_length=150)
    preheader = models.CharField(
        _("preheader"),
        max_length=200,
        blank=True,
        help_text=_("The short line inboxes show after the subject."),
    )
    body = StreamField(NewsletterBodyBlock(), blank=True, verbose_name=_("body"))

    # The audience: every filled criterion narrows it; all empty means everyone who agreed to
    # email. Read from the original (English) page; translations only change the words.
    audience_interests = models.JSONField(_("interested in"), default=list, blank=True)
    audience_postal_code = models.CharField(_("near ZIP code"), max_length=10, blank=True)
    audience_radius_miles = models.PositiveIntegerField(
        _("within miles"), null=True, blank=True, default=None
    )
    audience_language = models.CharField(
        _("language"), max_length=8, choices=AudienceLanguage.choices, blank=True, default=""
    )
    audience_partner = models.ForeignKey(
        "recruitment.Partner",
        verbose_name=_("partner organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Only people who agreed to hear from this partner."),
    )
    audience_attended_within_days = models.PositiveIntegerField(
        _("attended an event in the last … days"), null=True, blank=True
    )
    audience_registered_upcoming = models.BooleanField(
        _("registered for an upcoming event"), default=False
    )
    audience_completed_course = models.ForeignKey(
        "training.CoursePage",
        verbose_name=_("completed the course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Only people who finished this course (in any language)."),
    )
    audience_lapsing = models.BooleanField(
        _("lapsing volunteers"),
        default=False,
        help_text=_(
            "Only people who came to an event before but have not signed up for anything in "
            "the last 30 days (the Insights segment)."
        ),
    )

    base_form_class = NewsletterPageForm
    parent_page_types = ["newsletters.NewsletterIndexPage"]
    subpage_types: list[str] = []
    template = "portal/newsletters/newsletter_page.html"
    search_fields = [*Page.search_fields, index.SearchField("subject"), index.SearchField("body")]

    content_panels = [
        *Page.content_panels,
        FieldPanel("subject"),
        FieldPanel("preheader"),
        FieldPanel("body"),
    ]
    audience_panels = [
        HelpPanel(
            content=_(
                "Only people who confirmed their address and agreed to email updates are ever "
                "included; unsubscribed and bounced addresses are always left out. Open "
                "“Send or schedule” to see how many people this reaches."
            )
        ),
        FieldPanel("audience_interests"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("audience_postal_code"), FieldPanel("audience_radius_miles")]
                )
            ],
            heading=_("Near a place"),
        ),
        FieldPanel("audience_language"),
        FieldPanel("audience_partner"),
        FieldPanel("audience_attended_within_days"),
        FieldPanel("audience_registered_upcoming"),
        FieldPanel("audience_completed_course"),
        FieldPanel("audience_lapsing"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(audience_panels, heading=_("Audience")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    preview_modes = [("", _("Web page")), ("email", _("Email")), ("text", _("Plain text"))]

    class Meta:
        db_table = "portal_newsletterpage"
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")

    def get_context(self, request, *args, **kwargs):
        from portal.newsletters.selectors import shoutouts_for_newsletter

        context = super().get_context(request, *args, **kwargs)
        context["newsletter_shoutouts"] = shoutouts_for_newsletter(newsletter=self)
        return context

    def serve_preview(self, request, mode_name):
        from django.http import HttpResponse

        from portal.newsletters.rendering import render_newsletter

        if mode_name in ("email", "text"):
            rendered = render_newsletter(newsletter=self, unsubscribe_url="#unsubscribe")
            if mode_name == "text":
                return HttpResponse(rendered.text, content_type="text/plain; charset=utf-8")
            return HttpResponse(rendered.html)
        return super().serve_preview(request, mode_name)

    @property
    def source(self) -> "NewsletterPage":
        """The page the send is keyed on: the original, whichever translation is at hand."""
        if self.locale_id == _default_locale_id():
            return self
        original = (
            NewsletterPage.objects.filter(translation_key=self.translation_key)
            .filter(locale__language_code=settings.LANGUAGE_CODE)
            .first()
        )
        return original or self


def _default_locale_id() -> int | None:
    from wagtail.models import Locale

    return (
        Locale.objects.filter(language_code=settings.LANGUAGE_CODE)
        .values_list("pk", flat=True)
        .first()
    )


class NewsletterDispatch(models.Model):
    """The sending of one newsletter: when, by whom, and where it stands."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        QUEUING = "queuing", _("Preparing the recipient list")
        SENDING = "sending", _("Sending")
        PAUSED = "paused", _("Paused")
        SENT = "sent", pgettext_lazy("newsletter status", "Sent")
        CANCELLED = "cancelled", pgettext_lazy("newsletter status", "Cancelled")

    newsletter = models.OneToOneField(
        NewsletterPage, on_delete=models.CASCADE, related_name="dispatch"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SCHEDULED
    )
    send_at = models.DateTimeField(_("send at"), db_index=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "portal_newsletterdispatch"
        verbose_name = _("newsletter sending")
        verbose_name_plural = _("newsletter sendings")

    def __str__(self) -> str:
        return f"{self.newsletter} · {self.get_status_display()}"


class Delivery(models.Model):
    """The ledger: one row per (newsletter, recipient), written before anything is sent.

    A worker claims queued rows with a token and a lease; a row whose lease ran out (its worker
    died) can be claimed again. Each row is marked sent the moment its message is accepted.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        CLAIMED = "claimed", _("Sending")
        SENT = "sent", pgettext_lazy("delivery status", "Sent")
        FAILED = "failed", _("Failed")
        SUPPRESSED = "suppressed", _("Suppressed")
        CAPPED = "capped", _("Skipped: weekly limit")
        # The connection broke after the whole message was handed over, before the server's
        # answer: it may or may not have arrived. Never sent again automatically; an organizer
        # may choose to (see newsletter_resend_unknown).
        UNKNOWN = "unknown", _("Unknown: may or may not have arrived")

    newsletter = models.ForeignKey(
        NewsletterPage, on_delete=models.CASCADE, related_name="deliveries"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="newsletter_deliveries"
    )
    email = models.EmailField(max_length=254)
    language = models.CharField(max_length=8, default="en")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    claim_token = models.CharField(max_length=32, blank=True, default="")
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    message_id = models.CharField(max_length=255, blank=True, default="")
    error = models.CharField(max_length=500, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "portal_delivery"
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "recipient"], name="delivery_once_per_newsletter"
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="delivery_sent_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["newsletter", "status"], name="delivery_newsletter_status"),
            models.Index(fields=["recipient", "sent_at"], name="delivery_recipient_sent"),
            models.Index(fields=["message_id"], name="delivery_message_id"),
        ]

    def __str__(self) -> str:
        return f"{self.email} · {self.get_status_display()}"


class Suppression(models.Model):
    """An address bulk email must never reach again. One row per address; the first reason
    stays, so replayed or repeated reports change nothing."""

    class Reason(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        BOUNCED = "bounced", _("Bounced")
        COMPLAINED = "complained", _("Marked as spam")
        REJECTED = "rejected", _("Rejected by the email provider")

    email = models.EmailField(_("email address"), max_length=254, unique=True)
    reason = models.CharField(_("reason"), max_length=14, choices=Reason.choices)
    source = models.CharField(_("source"), max_length=40, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        db_table = "portal_suppression"
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_reason_display()})"


class TrackingEvent(models.Model):
    """Each ESP webhook event handled, so a replayed webhook is recognised and ignored."""

    esp_name = models.CharField(max_length=40)
    fingerprint = models.CharField(max_length=64)
    event_type = models.CharField(max_length=30)
    recipient = models.EmailField(max_length=254, blank=True)
    message_id = models.CharField(max_length=255, blank=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "portal_trackingevent"
        constraints = [
            models.UniqueConstraint(fields=["esp_name", "fingerprint"], name="tracking_event_once")
        ]

    def __str__(self) -> str:
        return f"{self.esp_name} {self.event_type} {self.recipient}"


class ThankYouWallPage(Page):
    """The public "Thank you" wall: shout-outs their recipients agreed to show."""

    base_form_class = StorableTextPageForm

    introduction = models.TextField(_("introduction"), blank=True, max_length=500)

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "portal/newsletters/thank_you_wall_page.html"
    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    class Meta:
        db_table = "portal_thankyouwallpage"
        verbose_name = _("thank-you wall")

    def get_context(self, request, *args, **kwargs):
        from portal.newsletters.selectors import shoutouts_public

        context = super().get_context(request, *args, **kwargs)
        context["shoutouts"] = shoutouts_public()[:100]
        return context


class ShoutOut(models.Model):
    """Thanks for one volunteer, written by an organizer or nominated by a peer."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an organizer")
        APPROVED = "approved", pgettext_lazy("shout-out status", "Approved")
        DECLINED = "declined", pgettext_lazy("shout-out status", "Declined")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="shoutouts_received",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField(_("message"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    show_publicly = models.BooleanField(
        _("volunteer agreed to show it publicly"), default=False, editable=False
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    featured_in = models.ForeignKey(
        NewsletterPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="featured_shoutouts",
        editable=False,
    )

    class Meta:
        db_table = "portal_shoutout"
        verbose_name = _("shout-out")
        verbose_name_plural = _("shout-outs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.recipient_display}: {self.message[:40]}"

    @property
    def recipient_display(self) -> str:
        """First name and initial: enough to recognise, not enough to look someone up."""
        user = self.recipient
        initial = f" {user.last_name[:1]}." if user.last_name else ""
        return f"{user.first_name or user.get_short_name()}{initial}"


class Milestone(models.Model):
    """Recognition earned from verified data (check-ins, referrals, finished courses), recorded
    once per person."""

    class Kind(models.TextChoices):
        FIRST_SHIFT = "first_shift", _("First shift")
        SHIFTS_5 = "shifts_5", _("5 shifts")
        SHIFTS_10 = "shifts_10", _("10 shifts")
        SHIFTS_25 = "shifts_25", _("25 shifts")
        HOURS_10 = "hours_10", _("10 hours")
        HOURS_50 = "hours_50", _("50 hours")
        HOURS_100 = "hours_100", _("100 hours")
        FIRST_RECRUIT = "first_recruit", _("First recruit who showed up")
        FIRST_COURSE = "first_course", _("First course completed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="milestones"
    )
    kind = models.CharField(_("milestone"), max_length=20, choices=Kind.choices)
    achieved_at = models.DateTimeField(_("achieved"), default=timezone.now)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "portal_milestone"
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["achieved_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="milestone_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()}"


@register_setting(icon="mail")
class NewsletterSettings(BaseSiteSetting):
    base_form_class = StorableTextModelForm
    weekly_limit = models.PositiveSmallIntegerField(
        _("bulk emails per person per 7 days"),
        default=3,
        help_text=_("People who already had this many are skipped, and counted as skipped."),
    )

    panels = [FieldPanel("weekly_limit")]

    class Meta:
        db_table = "portal_newslettersettings"
        verbose_name = _("newsletter settings")
