"""`manage.py create_api_key --name NAME [--owner EMAIL] [--insights]`: a key for scripts.

The key is printed once, on the last line, so a script can take it with `tail -n 1`; only its
hash is stored. The admin's "API keys" screen creates keys through the same service.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from events.services import api_key_create


class Command(BaseCommand):
    help = "Creates an events API key and prints it on the last line (it is not stored)."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="who or what uses the key")
        parser.add_argument("--owner", default="", help="email of the staff member responsible")
        parser.add_argument(
            "--insights", action="store_true", help="let the key read /api/v1/insights/"
        )

    def handle(self, *args, name, owner, insights, **options):
        name = name.strip()
        if not name or len(name) > 100:
            raise CommandError("Give a name of 1 to 100 characters.")
        person = None
        if owner:
            person = (
                get_user_model()
                .objects.filter(email__iexact=owner.strip(), is_staff=True, is_active=True)
                .first()
            )
            if person is None:
                raise CommandError(f"No active staff member has the email {owner!r}.")
        if insights and person is None:
            raise CommandError("--insights needs --owner: insights are read for a staff member.")
        key, raw = api_key_create(name=name, owner=person, can_read_insights=insights)
        self.stdout.write(f"Created API key {key.name!r} (starts with {key.prefix}).")
        self.stdout.write(raw)
