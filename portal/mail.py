"""Development email: one line per message on the console, the whole message in var/mail/.

Printing whole messages buried the console (a demo's first run printed tens of thousands of
lines); the line names the file, which holds every part and header as it would have been sent.
"""

import sys

from django.core.mail.backends.filebased import EmailBackend as FileBackend


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
