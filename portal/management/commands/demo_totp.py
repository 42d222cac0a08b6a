"""Development only: the demo staff's authenticator-app code (issue 22).

Staff need a second factor to reach the admin. So that a newcomer can try the demo without
setting up an app, the demo staff accounts are enrolled with one published secret
(DEMO_TOTP_SECRET) and this command prints the current code. Refused unless DEBUG is on, and
production settings force DEBUG off: no real account can be given the published secret.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from portal.staff_access import is_staff_account, totp_code, totp_enrol

DEMO_TOTP_SECRET = "VOLUNTEERPORTALDEMOSTAFFSECRETAA"


def demo_staff_enrol(email: str):
    """Enrol the development account `email` with the demo secret (kept if it has a factor)."""
    user = get_user_model().objects.filter(email__iexact=email).first()
    if user is None or not is_staff_account(user):
        raise CommandError(f"{email} is not a staff account here.")
    return totp_enrol(user=user, secret=DEMO_TOTP_SECRET)


class Command(BaseCommand):
    help = "Prints the current two-factor code of a demo staff account (development only)."

    def add_arguments(self, parser):
        parser.add_argument("email", nargs="?", default="admin@example.org")

    def handle(self, *args, email, **options):
        if not settings.DEBUG:
            raise CommandError("demo_totp is for development; real staff enrol their own app.")
        demo_staff_enrol(email)
        self.stdout.write(totp_code(DEMO_TOTP_SECRET))
