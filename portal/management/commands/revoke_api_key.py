"""`manage.py revoke_api_key NAME`: deactivate the keys with that name (rotation: create the new
key first, switch the client over, then revoke the old one by name)."""

from django.core.management.base import BaseCommand, CommandError

from events.services import api_key_revoke


class Command(BaseCommand):
    help = "Deactivates every active events API key with the given name."

    def add_arguments(self, parser):
        parser.add_argument("name")

    def handle(self, *args, name, **options):
        count = api_key_revoke(name=name)
        if count == 0:
            raise CommandError(f"No active API key is named {name!r}.")
        self.stdout.write(f"Revoked {count} API key(s) named {name!r}.")
