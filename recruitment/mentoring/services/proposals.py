"""Matching runs and their review: run the matching over the whole pool, accept, reject, lock,
assign or swap pairs by hand, and publish the proposal (or discard it)."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import replace
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import audit_log
from portal.tasks import enqueue_on_commit
from recruitment.mentoring import matching, selectors
from recruitment.mentoring.models import (
    MatchingRun,
    MentoringNotice,
    MentorPair,
    MentorProfile,
    MentorRequest,
    PairCheckIn,
    ProposedPair,
)
from recruitment.mentoring.services.common import PUBLISH, MentoringError

logger = logging.getLogger(__name__)


def _draft(run: MatchingRun) -> MatchingRun:
    run = MatchingRun.objects.select_for_update().get(pk=run.pk)
    if run.status != MatchingRun.Status.DRAFT:
        raise MentoringError(_("This proposal was already published or discarded."))
    return run


def matching_run_create(*, by=None) -> MatchingRun:
    """Match the whole pool into a new draft proposal.

    A draft under review is replaced: its locked pairs are kept as they are (they take their
    mentors' places first) and its rejected pairs are not proposed again.
    """
    with transaction.atomic():
        previous = MatchingRun.objects.select_for_update().filter(status="draft").first()
        pool = selectors.matching_pool()
        locked: list[ProposedPair] = []
        rejected: dict[int, set[int]] = {}
        if previous is not None:
            for pair in previous.pairs.all():
                if pair.decision == ProposedPair.Decision.LOCKED:
                    locked.append(pair)
                elif pair.decision == ProposedPair.Decision.REJECTED:
                    rejected.setdefault(pair.request_id, set()).add(pair.mentor_id)
            previous.status = MatchingRun.Status.DISCARDED
            previous.save(update_fields=["status"])
        mentors = {m.id: m for m in pool.mentors}
        newcomers = {n.id: n for n in pool.newcomers}
        kept = [p for p in locked if p.request_id in newcomers and p.mentor_id in mentors]
        taken = Counter(p.mentor_id for p in kept)
        free_mentors = [replace(m, capacity=max(0, m.capacity - taken[m.id])) for m in pool.mentors]
        kept_requests = {p.request_id for p in kept}
        free_newcomers = [
            replace(n, excluded_mentors=n.excluded_mentors | frozenset(rejected.get(n.id, ())))
            for n in pool.newcomers
            if n.id not in kept_requests
        ]
        proposal = matching.propose(free_newcomers, free_mentors)
        best = proposal.best
        kept_score = sum(p.score for p in kept)
        run = MatchingRun.objects.create(
            created_by=by,
            fingerprint=pool.fingerprint,
            total_score=best.total + kept_score,
            greedy_score=proposal.baseline.total + kept_score,
            unmatched=[
                {"request": request_id, "reason": reason}
                for request_id, reason in proposal.unmatched_reasons.items()
            ],
        )
        rows = [
            ProposedPair(
                run=run,
                mentor_id=p.mentor_id,
                request_id=p.request_id,
                score=p.score,
                reasons=p.reasons,
                decision=ProposedPair.Decision.LOCKED,
                by_hand=p.by_hand,
            )
            for p in kept
        ]
        for match in best.pairs:
            _score, reasons = matching.pair_score(newcomers[match.newcomer], mentors[match.mentor])
            rows.append(
                ProposedPair(
                    run=run,
                    mentor_id=match.mentor,
                    request_id=match.newcomer,
                    score=match.score,
                    reasons=reasons,
                )
            )
        ProposedPair.objects.bulk_create(rows)
    logger.info("Matching run %s: %s pairs, %s unmatched", run.pk, len(rows), len(run.unmatched))
    return run


def matching_run_discard(*, run: MatchingRun) -> MatchingRun:
    with transaction.atomic():
        run = _draft(run)
        run.status = MatchingRun.Status.DISCARDED
        run.save(update_fields=["status"])
    return run


def proposal_decide(*, pair: ProposedPair, decision: str) -> ProposedPair:
    if decision not in ProposedPair.Decision.values:
        raise MentoringError(_("Unknown decision."))
    with transaction.atomic():
        _draft(pair.run)
        pair = ProposedPair.objects.select_for_update().get(pk=pair.pk)
        if decision != ProposedPair.Decision.REJECTED and pair.decision == "rejected":
            _check_places(run=pair.run, mentor=pair.mentor, adding=1)
        pair.decision = decision
        pair.save(update_fields=["decision"])
    return pair


def _check_places(*, run: MatchingRun, mentor: MentorProfile, adding: int) -> None:
    """Refuse a hand edit that would give a mentor more newcomers than they offered to take."""
    active = MentorPair.objects.filter(mentor_id=mentor.volunteer_id, ended_at__isnull=True).count()
    proposed = (
        run.pairs.filter(mentor=mentor).exclude(decision=ProposedPair.Decision.REJECTED).count()
    )
    if active + proposed + adding > mentor.capacity:
        raise MentoringError(
            _(
                "%(mentor)s has no place left: they offered %(capacity)s, and have %(active)s "
                "active and %(proposed)s proposed."
            )
            % {
                "mentor": mentor,
                "capacity": mentor.capacity,
                "active": active,
                "proposed": proposed,
            }
        )


def _hand_reasons(pool: selectors.Pool, *, request_id: int, mentor_id: int) -> tuple[float, list]:
    newcomer = next((n for n in pool.newcomers if n.id == request_id), None)
    mentor = next((m for m in pool.mentors if m.id == mentor_id), None)
    scored = None
    if newcomer is not None and mentor is not None:
        # Places are checked apart (`_check_places`): score the pair as if a place were free.
        scored = matching.pair_score(newcomer, replace(mentor, capacity=1))
    if scored is None:
        return 0.0, [["by_hand", None]]
    return scored[0], [["by_hand", None], *scored[1]]


def proposal_assign(
    *, run: MatchingRun, request: MentorRequest, mentor: MentorProfile
) -> ProposedPair:
    """Pair a newcomer with a mentor by hand; the pair is locked so a re-run keeps it."""
    with transaction.atomic():
        run = _draft(run)
        mentor = MentorProfile.objects.select_for_update().get(pk=mentor.pk)
        request = MentorRequest.objects.select_related("newcomer").get(pk=request.pk)
        if mentor.volunteer_id == request.newcomer_id:
            raise MentoringError(_("Nobody can be their own mentor."))
        if request.status != MentorRequest.Status.OPEN:
            raise MentoringError(_("This newcomer's request is no longer open."))
        if request.newcomer.confirmed_at is None or request.newcomer.user_id is None:
            raise MentoringError(
                _("%(newcomer)s has not confirmed their email address yet.")
                % {"newcomer": request.newcomer}
            )
        if mentor.status != MentorProfile.Status.APPROVED:
            raise MentoringError(_("%(mentor)s is not an approved mentor.") % {"mentor": mentor})
        existing = run.pairs.filter(request=request).first()
        if existing is not None and existing.decision != ProposedPair.Decision.REJECTED:
            raise MentoringError(
                _("%(newcomer)s is already paired with %(mentor)s in this proposal.")
                % {"newcomer": request.newcomer, "mentor": existing.mentor}
            )
        _check_places(run=run, mentor=mentor, adding=1)
        score, reasons = _hand_reasons(
            selectors.matching_pool(mentor_ids=[mentor.pk], request_ids=[request.pk]),
            request_id=request.pk,
            mentor_id=mentor.pk,
        )
        if existing is not None:
            existing.delete()
        return ProposedPair.objects.create(
            run=run,
            mentor=mentor,
            request=request,
            score=score,
            reasons=reasons,
            decision=ProposedPair.Decision.LOCKED,
            by_hand=True,
        )


def proposal_swap(*, first: ProposedPair, second: ProposedPair) -> tuple[ProposedPair, ...]:
    """Give two newcomers each other's mentor. Both pairs are locked afterwards."""
    with transaction.atomic():
        first = (
            ProposedPair.objects.select_for_update(of=("self",))
            .select_related("request")
            .get(pk=first.pk)
        )
        second = (
            ProposedPair.objects.select_for_update(of=("self",))
            .select_related("request")
            .get(pk=second.pk)
        )
        if first.run_id != second.run_id:
            raise MentoringError(_("Both pairs must be in the same proposal."))
        _draft(first.run)
        if first.pk == second.pk or first.mentor_id == second.mentor_id:
            raise MentoringError(_("Choose two pairs with different mentors."))
        if ProposedPair.Decision.REJECTED in (first.decision, second.decision):
            raise MentoringError(_("Only pairs still in the proposal can be swapped."))
        mentors = MentorProfile.objects.in_bulk([first.mentor_id, second.mentor_id])
        if (
            mentors[second.mentor_id].volunteer_id == first.request.newcomer_id
            or mentors[first.mentor_id].volunteer_id == second.request.newcomer_id
        ):
            raise MentoringError(_("Nobody can be their own mentor."))
        pool = selectors.matching_pool(
            mentor_ids=[first.mentor_id, second.mentor_id],
            request_ids=[first.request_id, second.request_id],
        )
        first.mentor_id, second.mentor_id = second.mentor_id, first.mentor_id
        for pair in (first, second):
            pair.score, pair.reasons = _hand_reasons(
                pool, request_id=pair.request_id, mentor_id=pair.mentor_id
            )
            pair.decision = ProposedPair.Decision.LOCKED
            pair.by_hand = True
            pair.save(update_fields=["mentor", "score", "reasons", "decision", "by_hand"])
    return first, second


def proposal_publish(*, run: MatchingRun, by=None) -> list[MentorPair]:
    """Turn the accepted and locked pairs into real pairs and introduce each by email.

    All or nothing: the proposal is refused whole when the pool changed since it was made, or
    when any pair no longer holds (a request closed, a mentor paused or full, a newcomer paired).
    """
    with transaction.atomic():
        run = _draft(run)
        if selectors.matching_pool().fingerprint != run.fingerprint:
            raise MentoringError(
                _(
                    "People or their requests changed after this proposal was made, so it may "
                    "no longer be right. Run matching again to get a fresh proposal."
                )
            )
        proposed = list(
            run.pairs.exclude(decision=ProposedPair.Decision.REJECTED)
            .select_related("request")
            .order_by("pk")
        )
        if not proposed:
            raise MentoringError(_("There are no pairs to publish."))
        profiles = MentorProfile.objects.select_for_update().in_bulk(
            [p.mentor_id for p in proposed]
        )
        requests = MentorRequest.objects.select_for_update().in_bulk(
            [p.request_id for p in proposed]
        )
        load = Counter(
            MentorPair.objects.filter(
                mentor_id__in=[p.volunteer_id for p in profiles.values()], ended_at__isnull=True
            ).values_list("mentor_id", flat=True)
        )
        problems = []
        now = timezone.now()
        pairs = []
        for proposal in proposed:
            profile, request = profiles[proposal.mentor_id], requests[proposal.request_id]
            load[profile.volunteer_id] += 1
            if profile.volunteer_id == request.newcomer_id:
                problems.append(_("%(name)s cannot mentor themselves.") % {"name": profile})
            elif request.status != MentorRequest.Status.OPEN:
                problems.append(
                    _("%(name)s's request is no longer open.") % {"name": request.newcomer}
                )
            elif profile.status != MentorProfile.Status.APPROVED:
                problems.append(_("%(name)s is not an approved mentor.") % {"name": profile})
            elif load[profile.volunteer_id] > profile.capacity:
                problems.append(
                    _("%(name)s would have more than %(capacity)s newcomers.")
                    % {"name": profile, "capacity": profile.capacity}
                )
            pairs.append(
                MentorPair(
                    mentor_id=profile.volunteer_id,
                    newcomer_id=request.newcomer_id,
                    request=request,
                    run=run,
                    reasons=proposal.reasons,
                    started_at=now,
                )
            )
        if problems:
            raise MentoringError(" ".join(dict.fromkeys(str(p) for p in problems)))
        try:
            with transaction.atomic():
                created = MentorPair.objects.bulk_create(pairs)
        except IntegrityError as error:
            raise MentoringError(
                _("A newcomer in this proposal already has a mentor. Run matching again.")
            ) from error
        if any(pair.pk is None for pair in created):  # databases that return no ids
            created = list(MentorPair.objects.filter(run=run).order_by("pk"))
        PairCheckIn.objects.bulk_create(
            PairCheckIn(pair=pair, week=week, due_at=now + timedelta(weeks=week))
            for pair in created
            for week in PairCheckIn.WEEKS
        )
        MentorRequest.objects.filter(pk__in=requests).update(
            status=MentorRequest.Status.MATCHED, closed_at=now
        )
        run.status = MatchingRun.Status.PUBLISHED
        run.published_by = by
        run.published_at = now
        run.save(update_fields=["status", "published_by", "published_at"])
        if by is not None:
            audit_log(instance=run, action=PUBLISH, user=by, data={"pairs": len(created)})
        from recruitment.mentoring import tasks

        for pair in created:
            enqueue_on_commit(
                tasks.send_mentoring_notice, pair.pk, MentoringNotice.Kind.INTRODUCTION, ""
            )
    return created
