"""Create the local administrator once and print how to log in (development only)."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from portal.management.commands.demo_totp import DEMO_TOTP_SECRET, demo_staff_enrol

DEFAULT_EMAIL = "admin@example.org"


class Command(BaseCommand):
    help = "Creates a development administrator if none exists and prints the login."

    def add_arguments(self, parser):
        parser.add_argument("--email", default=DEFAULT_EMAIL)
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="the site's address")
        parser.add_argument("--quiet", action="store_true", help="create only; print nothing")

    def handle(self, *args, email, url, quiet, **options):
        if not settings.DEBUG:
            raise CommandError(
                "ensure_admin is for development; create real admins with createsuperuser."
            )
        password_file = settings.VAR_DIR / "admin-password.txt"
        User = get_user_model()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser(
                email=email, password=password, first_name="Ada", last_name="Admin"
            )
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
        elif password_file.exists() and user.check_password(password_file.read_text().strip()):
            password = password_file.read_text().strip()
        else:
            password = None

        # Staff reach the admin only with a second factor: the demo admin gets the published
        # development secret (portal/management/commands/demo_totp.py).
        demo_staff_enrol(email)
        if quiet:
            return
        site = url.rstrip("/")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"  Site:     {site}/   (en español: {site}/es/)"))
        self.stdout.write(self.style.SUCCESS(f"  Admin:    {site}/admin/"))
        self.stdout.write(self.style.SUCCESS(f"  Email:    {email}"))
        if password:
            self.stdout.write(self.style.SUCCESS(f"  Password: {password}"))
        else:
            self.stdout.write(
                "  Password: (changed since it was generated; reset it with "
                "`.venv/bin/python manage.py changepassword " + email + "`)"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"  2FA code: `.venv/bin/python manage.py demo_totp {email}` prints it "
                f"(or add the secret {DEMO_TOTP_SECRET} to an authenticator app)"
            )
        )
        self.stdout.write("")
