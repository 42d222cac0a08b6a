"""Email in one place: the builder every app uses for its one-to-one messages, and the
development backend that prints each message and keeps it under var/mail/."""

from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend
from django.template.loader import render_to_string
from django.utils import translation


def email_build(
    *, template: str, context: dict, to: list[str], language: str, **options
) -> EmailMultiAlternatives:
    """A message from `<template>_subject.txt`, `<template>.txt` and `<template>.html`.

    Everything is rendered in `language`, and the HTML gets it as LANGUAGE_CODE for its
    `<html lang>`: there is no request, so no context processor puts it there. The subject is
    folded onto one line, because a template's line breaks would break the header. `options` go
    to EmailMultiAlternatives (reply_to, headers…).
    """
    with translation.override(language):
        context = {"LANGUAGE_CODE": language, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=to, **options)
    message.attach_alternative(html, "text/html")
    return message


class ConsoleAndFileEmailBackend(FileBackend):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._console = ConsoleBackend(*args, **kwargs)

    def send_messages(self, email_messages):
        self._console.send_messages(email_messages)
        return super().send_messages(email_messages)
