"""Reads of the people funnel shared by pages, the dashboard and the admin."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils.crypto import salted_hmac

from portal.activities import activity_labels
from recruitment.consent import CHANNELS
from recruitment.models import Consent, Partner, SelfIdentification, Volunteer

# Groups smaller than this are never shown in demographic reports.
MIN_GROUP_SIZE = 5


def volunteer_for_user(*, user) -> Volunteer | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Volunteer.objects.filter(user=user).first()


def volunteer_by_referral_code(*, code: str) -> Volunteer | None:
    code = (code or "").strip()
    if not code or len(code) > 16:
        return None
    return Volunteer.objects.filter(referral_code=code, user__isnull=False).first()


def partner_by_slug(*, slug: str) -> Partner | None:
    slug = (slug or "").strip()
    if not slug or len(slug) > 60:
        return None
    return Partner.objects.filter(slug=slug).first()


def current_consents(*, volunteer: Volunteer) -> dict[tuple[str, int | None], Consent]:
    """The latest ledger row for each (channel, partner): the person's choice right now."""
    latest: dict[tuple[str, int | None], Consent] = {}
    for record in volunteer.consents.select_related("partner").order_by("created_at", "pk"):
        latest[(record.channel, record.partner_id)] = record
    return latest


def consent_state(*, volunteer: Volunteer) -> dict[str, bool]:
    """Channel → given? for the general consents (sharing with all partners, not one partner)."""
    latest = current_consents(volunteer=volunteer)
    return {
        channel: bool(latest.get((channel, None)) and latest[(channel, None)].granted)
        for channel in CHANNELS
    }


def consented_partners(*, volunteer: Volunteer) -> list[Partner]:
    return [
        record.partner
        for (channel, partner_id), record in current_consents(volunteer=volunteer).items()
        if channel == Consent.Channel.PARTNERS and partner_id and record.granted
    ]


def partners_came_from(*, volunteer: Volunteer) -> QuerySet[Partner]:
    return Partner.objects.filter(signups__volunteer=volunteer).distinct()


def recruit_count(*, volunteer: Volunteer) -> int:
    """People who joined through this volunteer's link and confirmed their address."""
    return Volunteer.objects.filter(referred_by=volunteer, confirmed_at__isnull=False).count()


def latest_consent(*, channel: str, partner: Partner | int | None = None) -> Subquery:
    """Per volunteer row: their latest choice on `channel` (True, False or None if never asked).

    The ledger only grows, so the latest row wins; `pk` breaks ties within one instant. Without
    `partner` it is the general choice (for partners: sharing with all of them); with one, the
    choice about that partner alone.
    """
    records = Consent.objects.filter(volunteer=OuterRef("pk"), channel=channel)
    if partner is None:
        records = records.filter(partner__isnull=True)
    else:
        records = records.filter(partner=partner)
    return Subquery(records.order_by("-created_at", "-pk").values("granted")[:1])


def sms_withdrawn(*, user) -> bool:
    """Whether this account's profile said no to texts (in My portal, or by replying STOP)."""
    return (
        Volunteer.objects.filter(user=user)
        .annotate(sms=latest_consent(channel=Consent.Channel.SMS))
        .filter(sms=False)
        .exists()
    )


def with_consent(queryset: QuerySet[Volunteer], *, channel: str) -> QuerySet[Volunteer]:
    """Only confirmed people whose latest general consent on `channel` is a yes."""
    return queryset.annotate(**{f"consent_{channel}": latest_consent(channel=channel)}).filter(
        **{f"consent_{channel}": True}, confirmed_at__isnull=False, user__isnull=False
    )


def shareable_with_partner(
    queryset: QuerySet[Volunteer], *, partner: Partner
) -> QuerySet[Volunteer]:
    """Confirmed people whose latest sharing choice, for this partner or for all partners, is yes.

    A partner-specific choice wins over the general one, so a person can say yes to one partner
    and no to the rest; nobody else's people are ever in the result.
    """
    return queryset.annotate(
        share_partner=latest_consent(channel=Consent.Channel.PARTNERS, partner=partner),
        share_general=latest_consent(channel=Consent.Channel.PARTNERS),
    ).filter(
        Q(share_partner=True) | Q(share_partner__isnull=True, share_general=True),
        confirmed_at__isnull=False,
        user__isnull=False,
    )


USER_FIELDS = ("first_name", "last_name", "pronouns")


def volunteer_profile(*, volunteer: Volunteer) -> dict[str, Any]:
    """The person's profile as they edit it on /me/profile/, field name → value.

    The profile form starts from it and the data export is built on it, so a field added to
    the profile shows up in both.
    """
    user = volunteer.user
    return {
        **{name: getattr(user, name) if user else "" for name in USER_FIELDS},
        "phone": volunteer.phone,
        "postal_code": volunteer.postal_code,
        "interests": [interest.activity for interest in volunteer.interests.all()],
        "availability": volunteer.availability,
        "skills": volunteer.skills,
        "languages": [language.language for language in volunteer.languages.all()],
        "preferred_language": volunteer.preferred_language,
        "accessibility_needs": volunteer.accessibility_needs,
        "heard_about": volunteer.heard_about,
        "heard_about_detail": volunteer.heard_about_detail,
        "show_on_leaderboard": volunteer.show_on_leaderboard,
    }


def volunteer_personal_data(*, volunteer: Volunteer) -> dict[str, Any]:
    """Everything we hold about a person, as they may download it."""
    user = volunteer.user
    profile = volunteer_profile(volunteer=volunteer)
    for name in USER_FIELDS:  # under "account", with the account's other details
        profile.pop(name)
    return {
        "account": {
            "email": user.email if user else None,
            "given_name": user.first_name if user else None,
            "family_name": user.last_name if user else None,
            "pronouns": user.pronouns if user else None,
            "date_joined": user.date_joined.isoformat() if user else None,
        },
        "profile": {
            **profile,
            "phone": str(profile["phone"] or ""),
            "interest_labels": activity_labels(profile["interests"]),
            "referral_code": volunteer.referral_code,
            "email_confirmed_at": (
                volunteer.confirmed_at.isoformat() if volunteer.confirmed_at else None
            ),
            "created_at": volunteer.created_at.isoformat(),
        },
        "consents": [
            {
                "channel": record.channel,
                "partner": record.partner.name if record.partner else None,
                "given": record.granted,
                "wording_version": record.wording_version,
                "source": record.source,
                "ip_address": record.ip_address,
                "time": record.created_at.isoformat(),
            }
            for record in volunteer.consents.select_related("partner").order_by("created_at")
        ],
        "signups": [
            {
                "kind": signup.kind,
                "time": signup.created_at.isoformat(),
                "partner": signup.partner.name if signup.partner else None,
                "utm_source": signup.utm_source,
                "utm_medium": signup.utm_medium,
                "utm_campaign": signup.utm_campaign,
                "utm_term": signup.utm_term,
                "utm_content": signup.utm_content,
                "referrer_url": signup.referrer_url,
                "ip_address": signup.ip_address,
                "confirmed_at": signup.confirmed_at.isoformat() if signup.confirmed_at else None,
            }
            for signup in volunteer.signups.select_related("partner").order_by("created_at")
        ],
        "recruits": recruit_count(volunteer=volunteer),
    }


def selfid_key(*, volunteer: Volunteer) -> str:
    return salted_hmac("recruitment.selfid", str(volunteer.pk), algorithm="sha256").hexdigest()


def selfid_for_volunteer(*, volunteer: Volunteer) -> SelfIdentification | None:
    """The person's own answers, for them to review; never shown to anyone else."""
    return SelfIdentification.objects.filter(respondent_key=selfid_key(volunteer=volunteer)).first()


def selfid_report() -> list[dict[str, Any]]:
    """Counts per answer for each question, leaving out every group under MIN_GROUP_SIZE.

    Small groups are merged into one "other answers" line only when that line itself reaches the
    minimum; no totals are shown, so hidden groups cannot be worked out by subtraction.
    """
    report = []
    for field_name in ("age_range", "gender", "race_ethnicity", "lgbtq", "disability"):
        field = SelfIdentification._meta.get_field(field_name)
        labels = dict(field.choices)
        counts = (
            SelfIdentification.objects.exclude(**{field_name: ""})
            .values(field_name)
            .annotate(count=Count("pk"))
            .order_by(field_name)
        )
        shown, hidden = [], 0
        for row in counts:
            if row["count"] >= MIN_GROUP_SIZE:
                shown.append({"label": labels.get(row[field_name], ""), "count": row["count"]})
            else:
                hidden += row["count"]
        report.append(
            {
                "question": field.verbose_name,
                "groups": shown,
                "other_answers": hidden if hidden >= MIN_GROUP_SIZE else None,
            }
        )
    return report
