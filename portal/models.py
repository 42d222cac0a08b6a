from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account: volunteers, interns, organizers and administrators alike.

    Email is the login. Names are kept exactly as the person writes them, in two free-text parts
    so that mononyms, particles and non-Latin scripts all fit; the columns keep Django's
    `first_name`/`last_name` names because Wagtail's user screens rely on them.
    """

    email = models.EmailField(_("email address"), max_length=254, unique=True)
    first_name = models.CharField(_("given name"), max_length=150, blank=True)
    last_name = models.CharField(_("family name"), max_length=150, blank=True)
    pronouns = models.CharField(
        _("pronouns"), max_length=40, blank=True, help_text=_("Optional, e.g. she/her, they/them.")
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Can log into the admin."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email)

    def get_full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part).strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email.split("@", 1)[0]


class StaffSession(models.Model):
    """One signed-in staff browser: what the person sees under "Your sessions", and the switch
    that ends it.

    The session itself carries `key` (a random token made at sign-in, not the session key: the
    signed-cookie backend changes its key on every write). StaffAccessMiddleware logs out any
    staff session whose row is gone or ended, so ending works the same on every session backend.
    Ended rows stay a while as the person's device history ("is this a new device?").
    """

    user = models.ForeignKey("portal.User", on_delete=models.CASCADE, related_name="staff_sessions")
    key = models.CharField(max_length=64, unique=True)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("signed in"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last active"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("staff session")
        verbose_name_plural = _("staff sessions")
        ordering = ["-last_seen_at"]
        indexes = [models.Index(fields=["user", "ended_at"])]

    def __str__(self):
        return f"{self.user_id}: {self.user_agent}"


# The text-message ledger lives beside the SMS interface (portal/sms/) and belongs to this app.
from portal.sms.models import TextMessage, TextOptOut  # noqa: E402, F401
