"""The text-message ledger: one row per (message, recipient number), written before sending."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TextMessage(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")
        UNKNOWN = "unknown", _("Unknown")
        SKIPPED = "skipped", _("Not sent")

    # What the message is, as the app that wrote it names it ("events.notice:12:DAY_BEFORE:…").
    message_key = models.CharField(_("message"), max_length=160)
    to = models.CharField(_("to"), max_length=32, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="text_messages",
    )
    body = models.TextField(_("text"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.QUEUED, db_index=True
    )
    # Urgent texts (a cancellation hours before the shift) go out in quiet hours and past the cap.
    urgent = models.BooleanField(_("urgent"), default=False)
    send_after = models.DateTimeField(_("not before"), default=timezone.now, db_index=True)
    # After this the text no longer matters (the shift has started): it is not sent late.
    expires_at = models.DateTimeField(_("relevant until"), null=True, blank=True)
    provider_id = models.CharField(_("provider id"), max_length=64, blank=True, db_index=True)
    error = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    # When a worker took it to send; a row left "sending" long after lost its worker.
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    retries = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["message_key", "to"], name="text_once_per_recipient")
        ]
        indexes = [models.Index(fields=["state", "send_after"], name="text_due_idx")]

    def __str__(self) -> str:
        return f"{self.to} · {self.message_key} · {self.get_state_display()}"


class TextOptOut(models.Model):
    """A number that replied STOP. Carriers require it per number: every account that shares the
    number stops getting texts. START removes the row (the consent ledger keeps the history)."""

    number = models.CharField(_("number"), max_length=32, unique=True)
    created_at = models.DateTimeField(_("opted out"), default=timezone.now)

    class Meta:
        verbose_name = _("text opt-out")
        verbose_name_plural = _("text opt-outs")

    def __str__(self) -> str:
        return self.number
