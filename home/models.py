from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from home.blocks import SocialLinkBlock, StandardBodyBlock
from portal.activities import Activity, activity_labels
from portal.geo import zip_centroid
from portal.text import StorableTextMixin, StorableTextModelForm, StorableTextPageForm


class HomePage(Page):
    base_form_class = StorableTextPageForm
    hero_heading = models.CharField(_("hero heading"), max_length=120)
    hero_text = models.TextField(_("hero text"), blank=True, max_length=400)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cta_text = models.CharField(_("call-to-action text"), max_length=40, default="Volunteer")
    cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("call-to-action page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cta_url = models.CharField(
        _("or call-to-action address"),
        max_length=255,
        blank=True,
        help_text=_("A path such as /join/ or a full web address; used when no page is chosen."),
    )
    body = StreamField(StandardBodyBlock(), blank=True, verbose_name=_("body"))

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    search_fields = [*Page.search_fields, index.SearchField("hero_text"), index.SearchField("body")]

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
            ],
            heading=_("Hero"),
        ),
        MultiFieldPanel(
            [FieldPanel("cta_text"), FieldPanel("cta_page"), FieldPanel("cta_url")],
            heading=_("Call to volunteer"),
        ),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("home page")

    @property
    def cta_link(self) -> str:
        if self.cta_page_id and self.cta_page.live:
            return self.cta_page.localized.url
        return self.cta_url


class StandardPage(Page):
    base_form_class = StorableTextPageForm
    introduction = models.TextField(_("introduction"), blank=True, max_length=500)
    body = StreamField(StandardBodyBlock(), blank=True, verbose_name=_("body"))

    subpage_types = ["home.StandardPage"]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]

    class Meta:
        verbose_name = _("standard page")


DEFAULT_AREA_RADIUS_MILES = 25


class OfficeForm(StorableTextMixin, WagtailAdminModelForm):
    help_needed = forms.MultipleChoiceField(
        label=_("Help needed"),
        choices=Activity.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "area_radius_miles" in self.fields:
            # Optional in the form: left empty, the office keeps the usual 25 miles.
            self.fields["area_radius_miles"].required = False

    def clean_area_radius_miles(self):
        return self.cleaned_data.get("area_radius_miles") or DEFAULT_AREA_RADIUS_MILES


class Office(TranslatableMixin, index.Indexed, models.Model):
    """A local office people can call or walk into. Volunteers are told to call it first.

    Translatable (wagtail-localize): its name and hours are words; the office itself (areas,
    insights) is the default-language row, see `home.selectors.offices_in_default_language`."""

    name = models.CharField(_("name"), max_length=120)
    street_address = models.CharField(_("street address"), max_length=200)
    locality = models.CharField(_("city"), max_length=100)
    region = models.CharField(_("state"), max_length=50)
    postal_code = models.CharField(_("ZIP code"), max_length=10)
    hours = models.TextField(_("opening hours"), blank=True, max_length=500)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    help_needed = models.JSONField(_("help needed"), default=list, blank=True)
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)
    area_radius_miles = models.PositiveSmallIntegerField(
        _("area (miles around the office)"),
        default=DEFAULT_AREA_RADIUS_MILES,
        validators=[MinValueValidator(1), MaxValueValidator(300)],
        help_text=_(
            "Events and volunteers whose ZIP code lies within this distance count toward this "
            "office in Insights."
        ),
    )

    base_form_class = OfficeForm
    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("locality"), FieldPanel("region")]),
                FieldPanel("postal_code"),
            ],
            heading=_("Address"),
        ),
        FieldPanel("hours"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
        FieldPanel("help_needed"),
        FieldPanel("area_radius_miles"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("locality"),
        index.AutocompleteField("name"),
        index.FilterField("region"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("local office")
        verbose_name_plural = _("local offices")
        ordering = ["region", "locality", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Derived from the ZIP so "nearest office" needs no geocoding service.
        centroid = zip_centroid(self.postal_code)
        self.latitude, self.longitude = centroid if centroid else (None, None)
        super().save(*args, **kwargs)

    @property
    def coordinates(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return self.latitude, self.longitude

    @property
    def help_needed_labels(self) -> list[str]:
        return activity_labels(self.help_needed)


class OfficeIndexPage(Page):
    """The local offices directory, with a "nearest to my ZIP" search."""

    base_form_class = StorableTextPageForm

    introduction = models.TextField(_("introduction"), blank=True, max_length=500)

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    class Meta:
        verbose_name = _("local offices directory")

    def get_context(self, request, *args, **kwargs):
        from home.selectors import offices_for_directory

        context = super().get_context(request, *args, **kwargs)
        context.update(offices_for_directory(zip_query=request.GET.get("zip", "")))
        return context


HEX_COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # and six hex digits."))


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    base_form_class = StorableTextModelForm
    organization_name = models.CharField(_("organization name"), max_length=120, blank=True)
    tagline = models.CharField(_("tagline"), max_length=160, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Email identity (issue 18): messages come from the organization, never from the host name.
    sender_name = models.CharField(
        _("email sender name"),
        max_length=120,
        blank=True,
        help_text=_("The name emails come from. Empty: the organization name."),
    )
    sender_email = models.EmailField(
        _("email sender address"),
        blank=True,
        help_text=_(
            "The address emails come from; your email provider must accept it. Empty: the "
            "server's default address."
        ),
    )
    postal_address = models.TextField(
        _("postal address"),
        blank=True,
        max_length=300,
        help_text=_("Shown at the foot of every email, as bulk-mail rules ask."),
    )
    brand_colour = models.CharField(
        _("brand colour"),
        max_length=7,
        default="#123a6b",
        validators=[HEX_COLOUR],
        help_text=_("Email header and links, as #rrggbb. Keep it dark: white text sits on it."),
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#b4232a",
        validators=[HEX_COLOUR],
        help_text=_("Email buttons, as #rrggbb. Keep it dark: white text sits on it."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    social_links = StreamField(
        [("link", SocialLinkBlock())], blank=True, verbose_name=_("social links")
    )
    privacy_notice = RichTextField(
        _("privacy notice"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("A short notice shown in the footer and beside forms."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy policy page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    paid_for_by = models.CharField(
        _("paid-for-by disclaimer"),
        max_length=200,
        blank=True,
        help_text=_("The legal disclaimer many campaigns must show, e.g. 'Paid for by …'."),
    )
    # Field goals for the organizer insights: shift-report totals are measured against them.
    goal_doors_knocked = models.PositiveIntegerField(
        _("goal: doors knocked"), null=True, blank=True
    )
    goal_calls_made = models.PositiveIntegerField(_("goal: calls made"), null=True, blank=True)
    goal_conversations = models.PositiveIntegerField(
        _("goal: conversations"), null=True, blank=True
    )
    goal_voter_registrations = models.PositiveIntegerField(
        _("goal: voter registrations collected"), null=True, blank=True
    )
    # Retention (issue 22): run nightly by Celery beat; each run logs how many records went.
    retention_unconfirmed_signup_days = models.PositiveSmallIntegerField(
        _("erase unconfirmed sign-ups after (days)"),
        default=30,
        validators=[MinValueValidator(1)],
        help_text=_("People who signed up and never confirmed their email address."),
    )
    retention_closed_application_months = models.PositiveSmallIntegerField(
        _("delete closed internship applications after (months)"),
        default=12,
        validators=[MinValueValidator(1)],
        help_text=_("Applications accepted or declined this long ago, with their résumés."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("organization_name"), FieldPanel("tagline"), FieldPanel("logo")],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone"), FieldPanel("social_links")],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("sender_name"), FieldPanel("sender_email")]),
                FieldPanel("postal_address"),
                FieldRowPanel([FieldPanel("brand_colour"), FieldPanel("accent_colour")]),
            ],
            heading=_("Emails"),
        ),
        MultiFieldPanel(
            [FieldPanel("privacy_notice"), FieldPanel("privacy_page"), FieldPanel("paid_for_by")],
            heading=_("Legal"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("goal_doors_knocked"), FieldPanel("goal_calls_made")]),
                FieldRowPanel(
                    [FieldPanel("goal_conversations"), FieldPanel("goal_voter_registrations")]
                ),
            ],
            heading=_("Field goals"),
            help_text=_(
                "Optional. Insights compares the shift-report totals for the dates it shows "
                "with these goals."
            ),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("retention_unconfirmed_signup_days"),
                        FieldPanel("retention_closed_application_months"),
                    ]
                )
            ],
            heading=_("Data retention"),
            help_text=_(
                "Personal data is removed automatically every night; the privacy report shows "
                "how many records each rule removed."
            ),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")


class SiteTextsForm(StorableTextMixin, WagtailAdminModelForm):
    pass


class SiteTexts(TranslatableMixin, models.Model):
    """The site settings' words in other languages (tagline and meta description, privacy
    notice, paid-for line), translated with wagtail-localize like any snippet: the
    default-language row (the settings' words) is the source, each translation is shown to
    readers of its language. Where a language has none, or leaves a field empty, the site
    settings' own text is shown."""

    base_form_class = SiteTextsForm
    tagline = models.CharField(_("tagline"), max_length=160, blank=True)
    privacy_notice = RichTextField(
        _("privacy notice"), blank=True, features=["bold", "italic", "link"]
    )
    paid_for_by = models.CharField(_("paid-for-by disclaimer"), max_length=200, blank=True)

    panels = [FieldPanel("tagline"), FieldPanel("privacy_notice"), FieldPanel("paid_for_by")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("site texts")
        verbose_name_plural = _("site texts")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} ({self.locale})"
