from celery import shared_task


@shared_task(name="portal.ping")
def ping(payload: str = "pong") -> str:
    """A no-op round trip through the broker, used by health checks and the worker test."""
    return payload
