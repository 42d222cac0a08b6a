"""Load realistic demo content. Safe to run any number of times: it only fills what is missing."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from events import demo as events_demo
from home import demo as home_demo
from portal.insights import demo as insights_demo
from portal.management.commands.demo_totp import demo_staff_enrol
from portal.newsletters import demo as newsletters_demo
from recruitment import demo as recruitment_demo
from recruitment.mentoring import demo as mentoring_demo
from training import demo as training_demo


class Command(BaseCommand):
    help = "Creates demo pages, offices and people for trying the portal locally."

    def handle(self, *args, **options):
        # Each app seeds what it owns, lower floors first: events link their live trainings to
        # the courses training seeded and gate shifts with its qualifications.
        seeders = [
            home_demo.seed,
            recruitment_demo.seed,
            training_demo.seed,
            events_demo.seed,
            mentoring_demo.seed,
            newsletters_demo.seed,
            insights_demo.seed,
        ]
        # One transaction, so the emails seeders enqueue after commit find their ledgers already
        # saying "told" (below): the demo sends nothing, now or at the worker's first sweeps.
        with transaction.atomic():
            for seed in seeders:
                with transaction.atomic():
                    for line in seed():
                        self.stdout.write(f"  {line}")
            for record_as_told in (
                events_demo.record_as_told,
                training_demo.record_as_told,
                mentoring_demo.record_as_told,
                newsletters_demo.record_as_told,
            ):
                record_as_told()
        if settings.DEBUG:
            # Staff need a second factor: in development the demo staff share one published
            # secret, and `manage.py demo_totp EMAIL` prints the current code.
            for email in (insights_demo.ORGANIZER_EMAIL, events_demo.INTERN_EMAIL):
                if get_user_model().objects.filter(email__iexact=email).exists():
                    demo_staff_enrol(email)
                    self.stdout.write(f"  2FA code for {email}: manage.py demo_totp {email}")
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
