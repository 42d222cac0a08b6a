from celery import shared_task


@shared_task(name="insights.retention_run")
def retention_run() -> dict[str, int]:
    """Nightly (CELERY_BEAT_SCHEDULE): the retention rules of the site settings."""
    from portal.insights.retention import retention_run as run

    return run()
