"""Retention rules run together (issue 22): each rule is a service of the app that owns the
data; this module reads the limits from the site settings, runs every rule and logs how many
records each removed, as a count with no personal data. It sits on the top floor because the
rules belong to apps on several floors below it."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from home.models import SiteSettings
from portal.audit import audit_log
from portal.newsletters.services import ledger_forget_erased_addresses
from recruitment.services.retention import closed_applications_erase, unconfirmed_signups_erase

RETENTION = "portal.retention"

RULES = {
    "unconfirmed_signups": _("Sign-ups never confirmed"),
    "closed_applications": _("Closed internship applications and résumés"),
    "ledger_addresses": _("Delivery-ledger addresses of erased people"),
}


def retention_settings() -> SiteSettings:
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return SiteSettings.for_site(site)


def retention_run(*, now: datetime | None = None) -> dict[str, int]:
    """Apply every rule once; safe to run again at any time (what is gone stays gone)."""
    settings = retention_settings()
    removed = {
        "unconfirmed_signups": unconfirmed_signups_erase(
            older_than_days=settings.retention_unconfirmed_signup_days, now=now
        ),
        "closed_applications": closed_applications_erase(
            older_than_months=settings.retention_closed_application_months, now=now
        ),
        "ledger_addresses": ledger_forget_erased_addresses(),
    }
    for rule, count in removed.items():
        if count:
            audit_log(
                instance=settings,
                action=RETENTION,
                user=None,
                data={"rule": rule, "removed": count},
            )
    return removed
