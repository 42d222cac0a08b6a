"""Voluntary self-identification answers, stored apart from the profile."""

from django.db import transaction

from recruitment import selectors
from recruitment.models import SelfIdentification, Volunteer

SELF_ID_FIELDS = ("age_range", "gender", "race_ethnicity", "lgbtq", "disability")


def selfid_save(*, volunteer: Volunteer, answers: dict[str, str]) -> None:
    """Store the person's optional answers; all-blank answers store nothing at all."""
    values = {key: answers.get(key) or "" for key in SELF_ID_FIELDS}
    key = selectors.selfid_key(volunteer=volunteer)
    with transaction.atomic():
        if not any(values.values()):
            SelfIdentification.objects.filter(respondent_key=key).delete()
            return
        SelfIdentification.objects.update_or_create(respondent_key=key, defaults=values)


def selfid_delete(*, volunteer: Volunteer) -> None:
    SelfIdentification.objects.filter(
        respondent_key=selectors.selfid_key(volunteer=volunteer)
    ).delete()
