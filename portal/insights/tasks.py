from celery import shared_task


@shared_task(name="insights.retention_run")
def retention_run() -> dict[str, int]:
    """Nightly (CELERY_BEAT_SCHEDULE): the retention rules of the site settings."""
    from portal.insights.retention import retention_run as run

    return run()


@shared_task(name="insights.refresh_default")
def refresh_default() -> int:
    """Every few minutes (CELERY_BEAT_SCHEDULE): the dashboard's default view, recomputed before
    its cached figures go stale, so nobody waits for it."""
    from wagtail.models import Site

    from home.models import SiteSettings
    from portal.insights.cache import refresh_default_view
    from portal.insights.selectors.reports import goals_from

    site = Site.objects.filter(is_default_site=True).first()
    return refresh_default_view(goals=goals_from(SiteSettings.for_site(site) if site else None))
