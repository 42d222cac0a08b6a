"""Volunteers, where they came from, and what they agreed to."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from portal.activities import Activity


class Availability(models.TextChoices):
    WEEKDAY_MORNINGS = "weekday_mornings", _("Weekday mornings")
    WEEKDAY_AFTERNOONS = "weekday_afternoons", _("Weekday afternoons")
    WEEKDAY_EVENINGS = "weekday_evenings", _("Weekday evenings")
    WEEKEND_MORNINGS = "weekend_mornings", _("Weekend mornings")
    WEEKEND_AFTERNOONS = "weekend_afternoons", _("Weekend afternoons")
    WEEKEND_EVENINGS = "weekend_evenings", _("Weekend evenings")


class Language(models.TextChoices):
    # Each language is named in itself, so people can find theirs whatever the page language is.
    ENGLISH = "en", "English"
    SPANISH = "es", "Español"
    CHINESE = "zh", "中文"
    VIETNAMESE = "vi", "Tiếng Việt"
    TAGALOG = "tl", "Tagalog"
    ARABIC = "ar", "العربية"
    FRENCH = "fr", "Français"
    HAITIAN_CREOLE = "ht", "Kreyòl ayisyen"
    KOREAN = "ko", "한국어"
    RUSSIAN = "ru", "Русский"
    PORTUGUESE = "pt", "Português"
    ASL = "ase", _("American Sign Language")


class HeardAbout(models.TextChoices):
    FRIEND = "friend", _("A friend or family member")
    SOCIAL_MEDIA = "social_media", _("Social media")
    EVENT = "event", _("An event")
    PARTNER = "partner", _("A partner organization")
    NEWS = "news", _("News or radio")
    SEARCH = "search", _("A web search")
    OTHER = "other", _("Somewhere else")


def new_referral_code() -> str:
    return secrets.token_urlsafe(6)


class Partner(models.Model):
    """An organization that recruits with us. Its sign-up link is /join/?partner=<slug>."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(
        _("link code"),
        max_length=60,
        unique=True,
        help_text=_("Used in the partner's sign-up link: /join/?partner=<code>."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organization")
        verbose_name_plural = _("partner organizations")

    def __str__(self) -> str:
        return self.name

    @property
    def signup_path(self) -> str:
        return f"{reverse('recruitment:join')}?partner={self.slug}"

    signup_path.fget.short_description = _("sign-up link")


class Volunteer(models.Model):
    """A person's volunteer profile. Name, email and pronouns live on their `User` account.

    When someone deletes their account the user goes and this row stays behind with every personal
    field blanked, so that counts (sign-ups by source, recruits per recruiter) stay right.
    """

    # People are not content: tracking their links in Wagtail's reference index cost every new
    # volunteer three more queries (an RSVP rush makes hundreds) for usage counts nobody reads.
    wagtail_reference_index_ignore = True

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer",
    )
    postal_code = models.CharField(_("ZIP/postal code"), max_length=10, blank=True, db_index=True)
    phone = PhoneNumberField(_("mobile phone"), blank=True)
    availability = models.JSONField(_("availability"), default=list, blank=True)
    skills = models.TextField(_("skills"), max_length=500, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    accessibility_needs = models.TextField(_("accessibility needs"), max_length=1000, blank=True)
    heard_about = models.CharField(
        _("heard about us from"), max_length=20, choices=HeardAbout.choices, blank=True
    )
    heard_about_detail = models.CharField(_("heard about us: details"), max_length=200, blank=True)
    referral_code = models.CharField(
        _("referral code"), max_length=16, unique=True, default=new_referral_code
    )
    referred_by = models.ForeignKey(
        "self",
        verbose_name=_("recruited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recruits",
    )
    confirmed_at = models.DateTimeField(_("email confirmed"), null=True, blank=True)
    show_on_leaderboard = models.BooleanField(
        _("show me on the recruiters leaderboard"),
        default=False,
        help_text=_(
            "Organizers see who brought the most new volunteers. Only people who tick this are "
            "named; everyone else is counted together as “others”."
        ),
    )
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)
    created_at = models.DateTimeField(_("joined"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")

    def __str__(self) -> str:
        if self.user_id is None:
            return str(_("Erased volunteer #%(id)s") % {"id": self.pk})
        return str(self.user)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def full_name(self) -> str:
        return self.user.get_full_name() if self.user_id else ""

    @property
    def email(self) -> str:
        return self.user.email if self.user_id else ""


class VolunteerInterest(models.Model):
    # A row per interest (not a JSON list) so filters are plain joins on every database.
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="interests")
    activity = models.CharField(_("activity"), max_length=32, choices=Activity.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "activity"], name="volunteer_interest_unique"
            )
        ]

    def __str__(self) -> str:
        return self.get_activity_display()


class VolunteerLanguage(models.Model):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "language"], name="volunteer_language_unique"
            )
        ]

    def __str__(self) -> str:
        return self.get_language_display()


class Signup(models.Model):
    """One arrival through the funnel: a sign-up form sent, or a row of a partner's import.

    It records where the person came from, and holds what they asked for until they confirm their
    address: consents only count once confirmed, and a sign-up for an address that already
    belonged to someone changes that person's profile only then.
    """

    class Kind(models.TextChoices):
        WEB = "web", _("Sign-up form")
        IMPORT = "import", _("Partner import")

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="signups")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.WEB)
    created_person = models.BooleanField(_("created the person"), default=False)
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signups",
    )
    referred_by = models.ForeignKey(
        Volunteer,
        verbose_name=_("referred by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    utm_source = models.CharField(_("UTM source"), max_length=100, blank=True, db_index=True)
    utm_medium = models.CharField(_("UTM medium"), max_length=100, blank=True)
    utm_campaign = models.CharField(_("UTM campaign"), max_length=100, blank=True)
    utm_term = models.CharField(_("UTM term"), max_length=100, blank=True)
    utm_content = models.CharField(_("UTM content"), max_length=100, blank=True)
    referrer_url = models.CharField(_("referrer URL"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    requested_consents = models.JSONField(default=list, blank=True)
    pending_profile = models.JSONField(default=dict, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    created_at = models.DateTimeField(_("signed up"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d}"


class Consent(models.Model):
    """One consent given or withdrawn. Rows are only ever added; the latest one per channel (and
    partner) is the person's current choice."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email updates")
        SMS = "sms", _("Text messages")
        PARTNERS = "partners", _("Sharing with partner organizations")

    class Source(models.TextChoices):
        SIGNUP = "signup", _("Sign-up form")
        DASHBOARD = "dashboard", _("My portal")
        IMPORT = "import", _("Partner import")
        ERASURE = "erasure", _("Account deleted")
        UNSUBSCRIBE = "unsub", _("Unsubscribe link")
        TEXT_REPLY = "text", _("Text message reply (STOP/START)")

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="consents")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consents",
        help_text=_("For sharing: the partner it names; empty means all our partners."),
    )
    granted = models.BooleanField(_("given"))
    wording_version = models.CharField(_("wording version"), max_length=32)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")

    def __str__(self) -> str:
        verb = _("given") if self.granted else _("withdrawn")
        return f"{self.get_channel_display()}: {verb}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Consent records are append-only; add a new record instead.")
        super().save(*args, **kwargs)
