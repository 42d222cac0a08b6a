"""Thin Celery tasks: they take ids, load rows, and call a service that is safe to run twice."""

from celery import shared_task

from training import services


@shared_task(name="training.send_course_congratulation", acks_late=True)
def send_course_congratulation(completion_id: int) -> bool:
    return services.completion_send_congratulation(completion_id=completion_id)
