"""Email in one place: the builder every app uses for its one-to-one messages, the SMTP backend
that tells an unknown outcome apart, and the development backend.

Development prints one line per message on the console and keeps the whole message in var/mail/:
printing whole messages buried the console (a demo's first run printed tens of thousands of lines);
the line names the file, which holds every part and header as it would have been sent.
"""

import smtplib
import sys
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.filebased import EmailBackend as FileBackend
from django.core.mail.backends.smtp import EmailBackend as DjangoSMTPBackend
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.module_loading import import_string


def email_branding() -> dict:
    """The organization's identity for emails (name, sender, logo, colours, postal address).

    It lives in site settings on a floor above this one, so settings.PORTAL_EMAIL_BRANDING names
    the function that reads it (home.selectors.organization_branding); without it, the server's
    default sender and the site name stand in."""
    path = getattr(settings, "PORTAL_EMAIL_BRANDING", "")
    if path:
        return import_string(path)()
    name, _address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return {
        "name": settings.WAGTAIL_SITE_NAME,
        "sender_name": name or settings.WAGTAIL_SITE_NAME,
        "sender_email": "",
        "postal_address": "",
        "brand_colour": "#123a6b",
        "accent_colour": "#b4232a",
        "logo_url": "",
        "site_url": "",
    }


def email_sender(brand: dict) -> str:
    """`"Sender name" <address>`: the organization's sender name and address where the site
    settings give them, else DEFAULT_FROM_EMAIL's parts (encoded as headers need)."""
    default_name, default_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr(
        (
            brand.get("sender_name") or default_name,
            brand.get("sender_email") or default_address,
        )
    )


def email_build(
    *, template: str, context: dict, to: list[str], language: str, **options
) -> EmailMultiAlternatives:
    """A message from `<template>_subject.txt`, `<template>.txt` and `<template>.html`.

    Everything is rendered in `language`, and the HTML gets it as LANGUAGE_CODE for its
    `<html lang>`: there is no request, so no context processor puts it there. The subject is
    folded onto one line, because a template's line breaks would break the header. `options` go
    to EmailMultiAlternatives (reply_to, headers…). Templates get the organization's identity
    as `brand` (emails/base.html draws it), and the message comes from its sender unless
    `from_email` is given.
    """
    brand = email_branding()
    options.setdefault("from_email", email_sender(brand))
    with translation.override(language):
        context = {"LANGUAGE_CODE": language, "brand": brand, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=to, **options)
    message.attach_alternative(html, "text/html")
    return message


class AcceptanceUnknown(smtplib.SMTPException):
    """The whole message, final "." included, was written, and the connection broke before the
    server answered: it may have accepted the message or not, and nobody can find out. Ledgers
    record it as "unknown" and never send it again by themselves."""


class _ReportsUnknownAcceptance:
    """An smtplib connection that tells a lost answer to a whole message (AcceptanceUnknown)
    from a connection lost earlier (SMTPServerDisconnected: not sent, safe to try again)."""

    _message_written = False

    def send(self, s):
        super().send(s)
        # smtplib's data() writes the body with its final "." in one call; from then on the
        # server may accept the message whatever happens to the connection.
        self._message_written = isinstance(s, bytes) and s.endswith(b"\r\n.\r\n")

    def getreply(self):
        written, self._message_written = self._message_written, False
        try:
            return super().getreply()
        except smtplib.SMTPServerDisconnected as error:
            if written:
                raise AcceptanceUnknown(str(error)) from error
            raise


class _SMTP(_ReportsUnknownAcceptance, smtplib.SMTP):
    pass


class _SMTP_SSL(_ReportsUnknownAcceptance, smtplib.SMTP_SSL):
    pass


class SMTPEmailBackend(DjangoSMTPBackend):
    """Django's SMTP backend, raising AcceptanceUnknown for the one failure that cannot be
    settled, so one-to-one ledgers (event notices) can record it instead of resending."""

    @property
    def connection_class(self):
        return _SMTP_SSL if self.use_ssl else _SMTP


class ConsoleAndFileEmailBackend(FileBackend):
    def __init__(self, *args, console=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._console = console

    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        console = self._console or sys.stdout
        path = self._get_filename()
        for message in email_messages or []:
            console.write(
                f"Email to {', '.join(message.recipients())}: {message.subject!r} → {path}\n"
            )
        console.flush()
        return sent


# Every demo person's address is at example.org, a domain reserved for examples (RFC 2606) that
# can never receive mail: seeders record what such people were "told" instead of sending it.
DEMO_ADDRESS_SUFFIX = "@example.org"
