"""Reads for mentoring: the matching pool, explanations in words, /me/ and the organizers' lists."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf.locale import LANG_INFO
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext as _

from portal.activities import Activity
from portal.geo import zip_centroid
from recruitment.mentoring import matching
from recruitment.mentoring.models import (
    MatchingRun,
    MentorPair,
    MentorProfile,
    MentorRequest,
    PairCheckIn,
    PairFeedback,
)
from recruitment.models import Availability, Language, Volunteer

# A check-in this long past its due date shows as overdue to organizers.
OVERDUE_AFTER = timedelta(days=3)

# Django's own catalogue names these languages in the reader's language ("Spanish", "español").
DJANGO_LANGUAGE_KEYS = {
    "en": "en",
    "es": "es",
    "zh": "zh-hans",
    "vi": "vi",
    "ar": "ar",
    "fr": "fr",
    "ko": "ko",
    "ru": "ru",
    "pt": "pt",
}


def language_name(code: str) -> str:
    key = DJANGO_LANGUAGE_KEYS.get(code)
    if key and key in LANG_INFO:
        return str(get_language_info(key)["name_translated"])
    return str(dict(Language.choices).get(code, code))


def _labels(values, choices) -> str:
    labels = dict(choices)
    return ", ".join(str(labels.get(value, value)).lower() for value in values)


@dataclass
class Pool:
    """Everyone matching may consider, as the matching module's plain records."""

    mentors: list[matching.Mentor]
    newcomers: list[matching.Newcomer]
    profiles: dict[int, MentorProfile] = field(default_factory=dict)
    requests: dict[int, MentorRequest] = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        """A digest of who is in the pool and what they asked for, but not their shifts: a shift
        starting between the run and publishing must not make a proposal stale."""

        def plain(record) -> dict:
            data = dict(record.__dict__)
            data.pop("shifts", None)
            return {
                key: sorted(value) if isinstance(value, frozenset) else value
                for key, value in data.items()
            }

        state = {
            "mentors": [plain(m) for m in self.mentors],
            "newcomers": [plain(n) for n in self.newcomers],
        }
        return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()


def _confirmed(prefix: str = "") -> Q:
    return Q(**{f"{prefix}confirmed_at__isnull": False, f"{prefix}user__isnull": False})


def active_pair_counts(*, mentor_volunteer_ids) -> dict[int, int]:
    rows = (
        MentorPair.objects.filter(mentor_id__in=list(mentor_volunteer_ids), ended_at__isnull=True)
        .values("mentor_id")
        .annotate(count=Count("pk"))
    )
    return {row["mentor_id"]: row["count"] for row in rows}


def matching_pool(*, mentor_ids=None, request_ids=None) -> Pool:
    """Approved mentors (with their places left) and open requests from confirmed newcomers
    who have no mentor. A fixed number of queries, whatever the pool's size.

    `mentor_ids` and `request_ids` narrow it to a few people (MentorProfile and MentorRequest
    ids), e.g. to score one pair made by hand without loading everyone.
    """
    from events.selectors import upcoming_shift_ids_by_person

    profiles = (
        MentorProfile.objects.filter(status=MentorProfile.Status.APPROVED)
        .filter(_confirmed("volunteer__"))
        .select_related("volunteer")
        .order_by("pk")
    )
    requests = (
        MentorRequest.objects.filter(status=MentorRequest.Status.OPEN)
        .filter(_confirmed("newcomer__"))
        .exclude(
            Exists(MentorPair.objects.filter(newcomer=OuterRef("newcomer"), ended_at__isnull=True))
        )
        .select_related("newcomer")
        .prefetch_related("newcomer__languages", "newcomer__interests")
        .order_by("pk")
    )
    if mentor_ids is not None:
        profiles = profiles.filter(pk__in=list(mentor_ids))
    if request_ids is not None:
        requests = requests.filter(pk__in=list(request_ids))
    profiles, requests = list(profiles), list(requests)
    load = active_pair_counts(mentor_volunteer_ids=[p.volunteer_id for p in profiles])
    user_ids = [p.volunteer.user_id for p in profiles] + [r.newcomer.user_id for r in requests]
    shifts = upcoming_shift_ids_by_person(person_ids=user_ids)
    profile_by_volunteer = {p.volunteer_id: p.pk for p in profiles}
    past: dict[int, set[int]] = {}
    for newcomer_id, mentor_id in MentorPair.objects.filter(
        newcomer_id__in=[r.newcomer_id for r in requests], ended_at__isnull=False
    ).values_list("newcomer_id", "mentor_id"):
        if mentor_id in profile_by_volunteer:
            past.setdefault(newcomer_id, set()).add(profile_by_volunteer[mentor_id])

    mentors = [
        matching.Mentor(
            id=profile.pk,
            person=profile.volunteer_id,
            capacity=max(0, profile.capacity - load.get(profile.volunteer_id, 0)),
            languages=frozenset(profile.languages),
            interests=frozenset(profile.interests),
            availability=frozenset(profile.availability),
            location=zip_centroid(profile.volunteer.postal_code),
            shifts=frozenset(shifts.get(profile.volunteer.user_id, ())),
        )
        for profile in profiles
    ]
    newcomers = []
    for request in requests:
        person = request.newcomer
        spoken = {language.language for language in person.languages.all()}
        spoken.add(person.preferred_language)
        if request.language:
            spoken.add(request.language)
        interests = set(request.interests) or {i.activity for i in person.interests.all()}
        newcomers.append(
            matching.Newcomer(
                id=request.pk,
                person=person.pk,
                languages=frozenset(spoken),
                language=request.language or person.preferred_language,
                language_required=request.language_required,
                same_area=request.same_area,
                interests=frozenset(interests),
                availability=frozenset(person.availability or ()),
                location=zip_centroid(person.postal_code),
                shifts=frozenset(shifts.get(person.user_id, ())),
                requested_mentor=request.preferred_mentor_id,
                excluded_mentors=frozenset(past.get(person.pk, ())),
            )
        )
    return Pool(
        mentors=mentors,
        newcomers=newcomers,
        profiles={p.pk: p for p in profiles},
        requests={r.pk: r for r in requests},
    )


# --- Words ---------------------------------------------------------------------------------


def explain(reasons: list, *, shift_names: dict[int, str] | None = None) -> str:
    """ "both speak Spanish · 2.1 miles apart · both like phone banking", in the active language."""
    parts = []
    for kind, detail in reasons or []:
        if kind == "requested":
            parts.append(_("asked for this mentor"))
        elif kind == "by_hand":
            parts.append(_("paired by hand"))
        elif kind == "language":
            parts.append(_("both speak %(language)s") % {"language": language_name(detail)})
        elif kind == "distance" and detail < 0.1:
            parts.append(_("same ZIP code"))
        elif kind == "distance":
            miles = number_format(detail, decimal_pos=1)
            parts.append(
                ngettext("%(miles)s mile apart", "%(miles)s miles apart", 1 if detail == 1 else 2)
                % {"miles": miles}
            )
        elif kind == "interests":
            parts.append(_("both like %(things)s") % {"things": _labels(detail, Activity.choices)})
        elif kind == "availability":
            parts.append(
                _("both free %(times)s") % {"times": _labels(detail, Availability.choices)}
            )
        elif kind == "buddy":
            names = [(shift_names or {}).get(shift_id) for shift_id in detail]
            names = [name for name in names if name]
            if names:
                parts.append(_("both signed up for %(shift)s") % {"shift": names[0]})
            else:
                parts.append(_("both signed up for the same shift"))
    return " · ".join(parts)


def unmatched_text(reason: list) -> str:
    kind, detail = reason
    if kind == "no_mentors":
        return _("No approved mentor has a place left.")
    if kind == "language":
        if isinstance(detail, str) and detail:
            return _("No mentor with a place left speaks %(language)s.") % {
                "language": language_name(detail)
            }
        names = ", ".join(language_name(code) for code in detail or [])
        return _("No mentor with a place left speaks their languages (%(languages)s).") % {
            "languages": names
        }
    if kind == "same_area":
        return _(
            "They asked for someone in their area, and no mentor with a place left who speaks "
            "their language lives within %(miles)s miles (or their ZIP code is unknown)."
        ) % {"miles": int(detail)}
    if kind == "distance":
        return _(
            "No mentor with a place left who speaks their language lives within %(miles)s miles."
        ) % {"miles": int(detail)}
    if kind == "capacity":
        return _("Mentors who would fit had their places taken by pairs that fit better.")
    return str(kind)


def shift_names(reason_lists) -> dict[int, str]:
    from events.selectors import shifts_by_id

    ids = {
        shift_id
        for reasons in reason_lists
        for kind, detail in reasons or []
        if kind == "buddy"
        for shift_id in detail
    }
    if not ids:
        return {}
    names = {}
    for shift_id, shift in shifts_by_id(shift_ids=ids).items():
        local = timezone.localtime(shift.start_at, shift.page.zone)
        names[shift_id] = f"{shift.page.title} ({date_format(local, 'M j')})"
    return names


# --- My portal -----------------------------------------------------------------------------


def shared_phone(pair: MentorPair, person: Volunteer):
    """The mobile number of one side of a pair, as far as the other side may see it: a mentor's
    when their offer says "share my mobile number", a newcomer's when their request does.
    Otherwise (and for someone who gave none) an empty string."""
    if not person.phone:
        return ""
    if person.pk == pair.mentor_id:
        profile = getattr(person, "mentor_profile", None)
        return person.phone if profile is not None and profile.share_phone else ""
    return person.phone if pair.request is not None and pair.request.share_phone else ""


def mentoring_for(*, volunteer: Volunteer) -> dict:
    """What /me/ shows about mentoring: my mentor, my open request, my offer and my mentees."""
    if volunteer is None:
        return {}
    profile = MentorProfile.objects.filter(volunteer=volunteer).first()
    my_pair = (
        MentorPair.objects.filter(newcomer=volunteer, ended_at__isnull=True)
        .select_related("mentor__user", "mentor__mentor_profile", "request")
        .first()
    )
    open_request = MentorRequest.objects.filter(
        newcomer=volunteer, status=MentorRequest.Status.OPEN
    ).first()
    mentee_pairs = []
    if profile is not None:
        mentee_pairs = list(
            MentorPair.objects.filter(mentor=volunteer, ended_at__isnull=True)
            .select_related("newcomer__user", "request")
            .prefetch_related(Prefetch("checkins", queryset=PairCheckIn.objects.order_by("week")))
            .order_by("started_at", "pk")
        )
    now = timezone.now()
    for pair in mentee_pairs:
        pair.next_checkin = next((c for c in pair.checkins.all() if c.done_at is None), None)
        pair.checkin_due = pair.next_checkin is not None and pair.next_checkin.due_at <= now
        pair.newcomer_phone = shared_phone(pair, pair.newcomer)
    mentor_phone = shared_phone(my_pair, my_pair.mentor) if my_pair is not None else ""
    return {
        "profile": profile,
        "my_pair": my_pair,
        "mentor_phone": mentor_phone,
        "open_request": open_request,
        "mentee_pairs": mentee_pairs,
        "places_left": (profile.capacity - len(mentee_pairs)) if profile else 0,
    }


# --- Organizers ----------------------------------------------------------------------------


def draft_run() -> MatchingRun | None:
    return MatchingRun.objects.filter(status=MatchingRun.Status.DRAFT).first()


def proposal_rows(*, run: MatchingRun) -> list:
    pairs = list(
        run.pairs.select_related("mentor__volunteer__user", "request__newcomer__user").order_by(
            "-score", "pk"
        )
    )
    names = shift_names(pair.reasons for pair in pairs)
    for pair in pairs:
        pair.explanation = explain(pair.reasons, shift_names=names)
    return pairs


def unmatched_rows(*, run: MatchingRun) -> list[dict]:
    """Newcomers the proposal leaves without a mentor, each with the reason: those the run
    could not place, and those whose proposed pair an organizer rejected."""
    decisions = dict(run.pairs.values_list("request_id", "decision"))
    rejected = [rid for rid, decision in decisions.items() if decision == "rejected"]
    ids = [row["request"] for row in run.unmatched] + rejected
    requests = MentorRequest.objects.select_related("newcomer__user").in_bulk(ids)
    rows = [
        {"request": requests[row["request"]], "reason": unmatched_text(row["reason"])}
        for row in run.unmatched
        if row["request"] in requests and row["request"] not in decisions
    ]
    rows += [
        {"request": requests[rid], "reason": _("You rejected the proposed pair.")}
        for rid in rejected
        if rid in requests
    ]
    return rows


def mentor_rows(*, status: str = "") -> list[MentorProfile]:
    profiles = MentorProfile.objects.select_related("volunteer__user").order_by("status", "pk")
    if status:
        profiles = profiles.filter(status=status)
    profiles = list(profiles)
    load = active_pair_counts(mentor_volunteer_ids=[p.volunteer_id for p in profiles])
    for profile in profiles:
        profile.active_count = load.get(profile.volunteer_id, 0)
        profile.language_names = ", ".join(language_name(code) for code in profile.languages)
    return profiles


def request_rows(*, status: str = MentorRequest.Status.OPEN) -> list[MentorRequest]:
    requests = MentorRequest.objects.select_related(
        "newcomer__user", "preferred_mentor__volunteer__user"
    ).order_by("created_at", "pk")
    if status:
        requests = requests.filter(status=status)
    requests = list(requests)
    for request in requests:
        request.language_name = language_name(request.language) if request.language else ""
    return requests


def active_pairs() -> list[MentorPair]:
    now = timezone.now()
    pairs = list(
        MentorPair.objects.filter(ended_at__isnull=True)
        .select_related("mentor__user", "newcomer__user")
        .prefetch_related(Prefetch("checkins", queryset=PairCheckIn.objects.order_by("week")))
        .order_by("started_at", "pk")
    )
    for pair in pairs:
        pair.overdue = [
            c for c in pair.checkins.all() if c.done_at is None and c.due_at <= now - OVERDUE_AFTER
        ]
        pair.next_checkin = next((c for c in pair.checkins.all() if c.done_at is None), None)
    return pairs


def overdue_checkins(*, now: datetime | None = None):
    """Check-ins still not done some days after they were due, oldest first."""
    now = now or timezone.now()
    return list(
        PairCheckIn.objects.filter(
            done_at__isnull=True, due_at__lte=now - OVERDUE_AFTER, pair__ended_at__isnull=True
        )
        .select_related("pair__mentor__user", "pair__newcomer__user")
        .order_by("due_at", "pk")
    )


def recent_feedback(*, limit: int = 50) -> list[PairFeedback]:
    return list(
        PairFeedback.objects.select_related("pair__mentor__user", "pair__newcomer__user").order_by(
            "-created_at", "-pk"
        )[:limit]
    )


def ended_pairs(*, limit: int = 50) -> list[MentorPair]:
    return list(
        MentorPair.objects.filter(ended_at__isnull=False)
        .select_related("mentor__user", "newcomer__user")
        .order_by("-ended_at", "-pk")[:limit]
    )


def mentoring_summary(
    *,
    start: datetime,
    end: datetime,
    now: datetime | None = None,
    newcomer_zip: Callable[[str], Q] | None = None,
) -> dict[str, int]:
    """Counts for organizers' insights, in three aggregate queries.

    `newcomer_zip(field)` may narrow everything to newcomers in an area: given the path of the
    newcomer's ZIP field from each model, it returns the condition (insights' office areas).
    """
    now = now or timezone.now()

    def area(field: str) -> Q:
        return newcomer_zip(field) if newcomer_zip else Q()

    pairs = MentorPair.objects.filter(area("newcomer__postal_code")).aggregate(
        active=Count("pk", filter=Q(ended_at__isnull=True)),
        started=Count("pk", filter=Q(started_at__gte=start, started_at__lt=end)),
        ended=Count("pk", filter=Q(ended_at__gte=start, ended_at__lt=end)),
    )
    overdue = PairCheckIn.objects.filter(
        area("pair__newcomer__postal_code"),
        done_at__isnull=True,
        due_at__lte=now - OVERDUE_AFTER,
        pair__ended_at__isnull=True,
    ).aggregate(checkins=Count("pk"), pairs=Count("pair", distinct=True))
    waiting = MentorRequest.objects.filter(
        area("newcomer__postal_code"), _confirmed("newcomer__"), status=MentorRequest.Status.OPEN
    ).count()
    return {
        "active_pairs": pairs["active"],
        "pairs_started": pairs["started"],
        "pairs_ended": pairs["ended"],
        "overdue_checkins": overdue["checkins"],
        "pairs_with_overdue_checkins": overdue["pairs"],
        "newcomers_waiting": waiting,
    }
