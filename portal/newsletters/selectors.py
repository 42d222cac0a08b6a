"""Reads shared by pages, the admin and the volunteer dashboard."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from portal.newsletters.models import (
    Delivery,
    Milestone,
    NewsletterDispatch,
    NewsletterPage,
    ShoutOut,
)


def newsletters_sent(*, locale) -> list[NewsletterPage]:
    """Live newsletters whose original has been sent, newest first: each in this language where
    it is translated, else in the default language (the page marks it lang="en"), so no
    language's archive is emptier than another's."""
    from portal.i18n import default_language

    sent_keys = NewsletterDispatch.objects.filter(
        status=NewsletterDispatch.Status.SENT
    ).values_list("newsletter__translation_key", flat=True)
    pages = (
        NewsletterPage.objects.live()
        .filter(translation_key__in=sent_keys)
        .filter(Q(locale=locale) | Q(locale__language_code=default_language()))
        .select_related("locale")
        .order_by("-first_published_at", "pk")
    )
    chosen: dict = {}
    for page in pages:
        if page.translation_key not in chosen or page.locale_id == locale.pk:
            chosen[page.translation_key] = page
    return sorted(
        chosen.values(),
        key=lambda page: (page.first_published_at is not None, page.first_published_at),
        reverse=True,
    )


def shoutouts_public() -> QuerySet[ShoutOut]:
    return (
        ShoutOut.objects.filter(
            status=ShoutOut.Status.APPROVED, show_publicly=True, recipient__is_active=True
        )
        .select_related("recipient")
        .order_by("-approved_at", "-pk")
    )


def shoutouts_for_newsletter(*, newsletter: NewsletterPage, limit: int = 10) -> list[ShoutOut]:
    """Public shout-outs no earlier newsletter showed (or that this one already pinned)."""
    if newsletter.pk is None:
        return list(shoutouts_public().filter(featured_in__isnull=True)[:limit])
    return list(
        shoutouts_public().filter(Q(featured_in__isnull=True) | Q(featured_in=newsletter))[:limit]
    )


@dataclass(frozen=True)
class AudienceSummary:
    total: int
    to_send: int
    suppressed: int
    capped: int
    spanish: int
    spanish_available: bool


def newsletter_audience_summary(*, newsletter: NewsletterPage) -> AudienceSummary:
    """What sending now would do: how many get it, how many are skipped and why."""
    from portal.newsletters.audiences import audience_rows
    from portal.newsletters.delivery import recipients_classify

    newsletter = newsletter.source
    spanish_available = (
        newsletter.get_translations().filter(locale__language_code="es", live=True).exists()
    )
    rows = list(audience_rows(newsletter=newsletter, spanish_available=spanish_available))
    statuses = recipients_classify(newsletter=newsletter, rows=rows)
    return AudienceSummary(
        total=len(rows),
        to_send=statuses.count(Delivery.Status.QUEUED),
        suppressed=statuses.count(Delivery.Status.SUPPRESSED),
        capped=statuses.count(Delivery.Status.CAPPED),
        spanish=sum(
            1
            for (_id, _email, language), status in zip(rows, statuses, strict=True)
            if language == "es" and status == Delivery.Status.QUEUED
        ),
        spanish_available=spanish_available,
    )


@dataclass(frozen=True)
class Badge:
    kind: str
    label: str
    description: str
    achieved_at: object


BADGE_DESCRIPTIONS = {
    Milestone.Kind.FIRST_SHIFT: _("Checked in at a first shift."),
    Milestone.Kind.SHIFTS_5: _("Five shifts attended."),
    Milestone.Kind.SHIFTS_10: _("Ten shifts attended."),
    Milestone.Kind.SHIFTS_25: _("Twenty-five shifts attended."),
    Milestone.Kind.HOURS_10: _("Ten hours volunteered."),
    Milestone.Kind.HOURS_50: _("Fifty hours volunteered."),
    Milestone.Kind.HOURS_100: _("One hundred hours volunteered."),
    Milestone.Kind.FIRST_RECRUIT: _("Brought someone who came to a shift."),
    Milestone.Kind.FIRST_COURSE: _("Finished a first training course."),
}


def badges_for(user) -> list[Badge]:
    """The person's badges, oldest first. For /me/: include
    templates/portal/newsletters/includes/badges.html with `badges=badges_for(user)`."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        Badge(
            kind=milestone.kind,
            label=str(milestone.get_kind_display()),
            description=str(BADGE_DESCRIPTIONS.get(milestone.kind, "")),
            achieved_at=milestone.achieved_at,
        )
        for milestone in Milestone.objects.filter(user=user).order_by("achieved_at", "pk")
    ]
