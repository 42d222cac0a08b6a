"""Development email: every message is printed and also kept as a file under var/mail/."""

from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend


class ConsoleAndFileEmailBackend(FileBackend):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._console = ConsoleBackend(*args, **kwargs)

    def send_messages(self, email_messages):
        self._console.send_messages(email_messages)
        return super().send_messages(email_messages)


# Every demo person's address is at example.org, a domain reserved for examples (RFC 2606) that
# can never receive mail: seeders record what such people were "told" instead of sending it.
DEMO_ADDRESS_SUFFIX = "@example.org"
