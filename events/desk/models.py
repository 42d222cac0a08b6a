"""What the door desk records besides the RSVP itself: taps applied once, and walk-ins."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DeskTap(models.Model):
    """One tap at the desk, by its idempotency key. A phone that lost its connection sends its
    queued taps again when it is back; a key seen before is not applied a second time."""

    wagtail_reference_index_ignore = True

    key = models.CharField(max_length=64, unique=True)
    rsvp = models.ForeignKey("events.RSVP", on_delete=models.CASCADE, related_name="desk_taps")
    action = models.CharField(max_length=12)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.action} · {self.rsvp_id}"


class DeskWalkIn(models.Model):
    """Someone who came without signing up, as the desk typed them in.

    The desk never looks the email up: whether or not it belongs to an account, the desk shows
    what it typed, and the attendance reaches an account only when the address's owner confirms
    it by the link emailed to them (events.desk.services.walk_in_confirm).
    """

    wagtail_reference_index_ignore = True

    shift = models.ForeignKey("events.Shift", on_delete=models.CASCADE, related_name="walk_ins")
    first_name = models.CharField(_("given name"), max_length=150)
    last_name = models.CharField(_("family name"), max_length=150, blank=True)
    email = models.EmailField(_("email"), max_length=254)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    # The desk confirmed the walk-in is ready for a shift that needs a qualification.
    qualification_override = models.BooleanField(default=False)
    key = models.CharField(max_length=64, blank=True)
    # The language the walk-in was added in: their confirmation email is written in it.
    language = models.CharField(max_length=8, default="en")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)
    # Set when the address's owner confirms: the attendance now on their account.
    rsvp = models.OneToOneField(
        "events.RSVP",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="desk_walk_in",
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("walk-in")
        verbose_name_plural = _("walk-ins")
        constraints = [
            # Two interns typing the same person in at once: one walk-in.
            models.UniqueConstraint(
                "shift", Lower("email"), name="desk_walk_in_once_per_shift_and_email"
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
