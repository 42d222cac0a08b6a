"""Who a newsletter reaches, built on the recruitment and events models.

Everyone starts from recruitment's `with_consent(…, channel="email")`: confirmed address, latest
email consent a yes, account not erased. Each filled criterion of the newsletter narrows that.
The "lapsing" segment is the one organizer insights show too (events/selectors/lapsing.py).
"""

from collections.abc import Iterator
from datetime import timedelta

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from portal.geo import distance_miles, zip_centroid
from recruitment.models import Consent, Volunteer
from recruitment.selectors import latest_consent, with_consent


def postal_codes_within(*, postal_code: str, radius_miles: int, candidates) -> list[str]:
    """Of the ZIP codes people gave, those whose centroid lies within the radius."""
    centre = zip_centroid(postal_code)
    if centre is None:
        return []
    near = []
    for code in set(candidates):
        point = zip_centroid(code)
        if point is not None and distance_miles(centre, point) <= radius_miles:
            near.append(code)
    return near


def audience_volunteers(*, newsletter) -> QuerySet[Volunteer]:
    from events.models import RSVP

    page = newsletter.source
    people = with_consent(Volunteer.objects.all(), channel=Consent.Channel.EMAIL).filter(
        user__is_active=True
    )
    if page.audience_interests:
        people = people.filter(interests__activity__in=page.audience_interests)
    if page.audience_postal_code and page.audience_radius_miles is not None:
        codes = people.exclude(postal_code="").values_list("postal_code", flat=True).distinct()
        people = people.filter(
            postal_code__in=postal_codes_within(
                postal_code=page.audience_postal_code,
                radius_miles=page.audience_radius_miles,
                candidates=codes,
            )
        )
    if page.audience_language:
        people = people.filter(preferred_language=page.audience_language)
    if page.audience_partner_id:
        people = people.annotate(
            partner_consent=latest_consent(
                channel=Consent.Channel.PARTNERS, partner=page.audience_partner_id
            )
        ).filter(partner_consent=True)
    now = timezone.now()
    if page.audience_attended_within_days is not None:
        since = now - timedelta(days=page.audience_attended_within_days)
        people = people.filter(
            Exists(
                RSVP.objects.filter(
                    person=OuterRef("user"),
                    attendance=RSVP.Attendance.ATTENDED,
                    shift__start_at__gte=since,
                    shift__start_at__lte=now,
                )
            )
        )
    if page.audience_registered_upcoming:
        people = people.filter(
            Exists(
                RSVP.objects.filter(
                    person=OuterRef("user"),
                    status__in=RSVP.ACTIVE,
                    shift__start_at__gte=now,
                )
            )
        )
    if page.audience_completed_course_id:
        from training.models import CourseCompletion, CoursePage

        # A course and its translations share a translation key: finishing either counts.
        course_key = CoursePage.objects.filter(pk=page.audience_completed_course_id).values(
            "translation_key"
        )
        people = people.filter(
            Exists(
                CourseCompletion.objects.filter(
                    user=OuterRef("user"), course__translation_key__in=course_key
                )
            )
        )
    if page.audience_lapsing:
        from events.selectors.lapsing import lapsing_volunteers

        people = people.filter(pk__in=lapsing_volunteers(now=now).values("pk"))
    # Interests join a row per interest: one person, one row.
    return people.distinct()


def audience_rows(*, newsletter, spanish_available: bool) -> Iterator[tuple[int, str, str]]:
    """(user id, email, language to send) for everyone in the audience."""
    rows = (
        audience_volunteers(newsletter=newsletter)
        .order_by("user_id")
        .values_list("user_id", "user__email", "preferred_language")
    )
    for user_id, email, preferred in rows.iterator(chunk_size=2000):
        language = "es" if preferred == "es" and spanish_available else "en"
        yield user_id, email, language
