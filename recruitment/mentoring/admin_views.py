"""Organizers' mentoring screens in the Wagtail admin: the overview (active pairs, overdue
check-ins, feedback), mentors to approve or pause, open requests, and matching (run, review,
hand edits, publish). Every write goes through recruitment.mentoring.services."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.auth import user_passes_test

from recruitment.forms.fields import clean_text
from recruitment.mentoring import selectors, services
from recruitment.mentoring.forms import AssignForm, SwapForm
from recruitment.mentoring.models import (
    MatchingRun,
    MentorPair,
    MentorProfile,
    MentorRequest,
    ProposedPair,
)

PERMISSION = "mentoring.manage_mentoring"


def can_manage(user) -> bool:
    return user.is_active and user.has_perm(PERMISSION)


# Anyone else (interns included) is refused the way the rest of the Wagtail admin refuses: back
# to the dashboard with "Sorry, you do not have permission…" (a 403 for XMLHttpRequest calls).
organizers_only = user_passes_test(can_manage)


@organizers_only
def overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "mentoring/admin/overview.html",
        {
            "pairs": selectors.active_pairs(),
            "overdue": selectors.overdue_checkins(),
            "feedback": selectors.recent_feedback(),
            "ended": selectors.ended_pairs(limit=20),
            "open_requests": MentorRequest.objects.filter(status="open").count(),
            "pending_mentors": MentorProfile.objects.filter(status="pending").count(),
        },
    )


@organizers_only
@require_POST
def pair_end(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair = get_object_or_404(MentorPair, pk=pair_id)
    try:
        services.pair_end(
            pair=pair,
            ended_by=MentorPair.EndedBy.ORGANIZER,
            reason=clean_text(request.POST.get("reason", ""))[:500],
            rematch=request.POST.get("rematch") == "on",
            by=request.user,
        )
    except services.MentoringError as error:
        messages.error(request, error.message)
        return redirect("mentoring_admin")
    messages.success(request, _("The pairing has ended; both people were told by email."))
    return redirect("mentoring_admin")


@organizers_only
def mentors(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in MentorProfile.Status.values:
        status = ""
    return render(
        request,
        "mentoring/admin/mentors.html",
        {
            "mentors": selectors.mentor_rows(status=status),
            "status": status,
            "statuses": MentorProfile.Status.choices,
        },
    )


@organizers_only
@require_POST
def mentor_status(request: HttpRequest, profile_id: int) -> HttpResponse:
    profile = get_object_or_404(MentorProfile, pk=profile_id)
    status = request.POST.get("status", "")
    if status not in MentorProfile.Status.values:
        messages.error(request, _("Unknown mentor status."))
        return redirect("mentoring_admin_mentors")
    services.mentor_set_status(profile=profile, status=status, by=request.user)
    messages.success(
        request,
        _("%(mentor)s: %(status)s.")
        % {"mentor": profile, "status": MentorProfile.Status(status).label},
    )
    return redirect("mentoring_admin_mentors")


@organizers_only
def requests(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", MentorRequest.Status.OPEN)
    if status not in MentorRequest.Status.values:
        status = ""
    return render(
        request,
        "mentoring/admin/requests.html",
        {
            "requests": selectors.request_rows(status=status),
            "status": status,
            "statuses": MentorRequest.Status.choices,
        },
    )


def _matching_context(run: MatchingRun | None, **forms) -> dict:
    context = {
        "run": run,
        "history": MatchingRun.objects.exclude(status=MatchingRun.Status.DRAFT)[:10],
    }
    if run is not None:
        pairs = selectors.proposal_rows(run=run)
        unmatched = selectors.unmatched_rows(run=run)
        open_ids = [row["request"].pk for row in unmatched]
        context.update(
            {
                "pairs": pairs,
                "unmatched": unmatched,
                "kept": sum(1 for p in pairs if p.decision != ProposedPair.Decision.REJECTED),
                "ratio": (run.greedy_score / run.total_score) if run.total_score else None,
                "assign_form": forms.get("assign_form")
                or AssignForm(
                    requests=MentorRequest.objects.filter(pk__in=open_ids).select_related(
                        "newcomer__user"
                    )
                ),
                "swap_form": forms.get("swap_form") or SwapForm(run=run),
            }
        )
    return context


@organizers_only
def matching(request: HttpRequest) -> HttpResponse:
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return render(
        request,
        "mentoring/admin/matching.html",
        _matching_context(selectors.draft_run()),
    )


def _refused(request: HttpRequest, message: str, run: MatchingRun | None, **forms) -> HttpResponse:
    context = _matching_context(run, **forms)
    context["error"] = message
    return render(request, "mentoring/admin/matching.html", context, status=400)


@organizers_only
@require_POST
def matching_action(request: HttpRequest) -> HttpResponse:
    """Every change to the proposal: run, decide, assign, swap, publish, discard."""
    action = request.POST.get("action", "")
    run = selectors.draft_run()
    try:
        if action == "run":
            run = services.matching_run_create(by=request.user)
            messages.success(
                request,
                _("Matching proposed %(pairs)s pairs; %(unmatched)s newcomers are unmatched.")
                % {"pairs": run.pairs.count(), "unmatched": len(run.unmatched)},
            )
            return redirect("mentoring_admin_matching")
        if run is None or str(run.pk) != request.POST.get("run", ""):
            return _refused(
                request,
                _("This proposal is no longer the one under review; here is the current one."),
                run,
            )
        if action in ProposedPair.Decision.values:
            pair_id = request.POST.get("pair", "")
            pair = get_object_or_404(
                ProposedPair, pk=int(pair_id) if pair_id.isdigit() else 0, run=run
            )
            services.proposal_decide(pair=pair, decision=action)
        elif action == "assign":
            form = AssignForm(
                request.POST,
                requests=MentorRequest.objects.filter(status=MentorRequest.Status.OPEN),
            )
            if not form.is_valid():
                return _refused(
                    request, _("Choose a newcomer and a mentor."), run, assign_form=form
                )
            services.proposal_assign(run=run, **form.cleaned_data)
            messages.success(request, _("Paired by hand and locked."))
        elif action == "swap":
            form = SwapForm(request.POST, run=run)
            if not form.is_valid():
                return _refused(request, _("Choose two pairs to swap."), run, swap_form=form)
            services.proposal_swap(**form.cleaned_data)
            messages.success(request, _("Mentors swapped; both pairs are locked."))
        elif action == "publish" and "confirmed" not in request.POST:
            # Publishing emails everyone in every kept pair and cannot be taken back: one more
            # screen says how many emails go, and only its own button publishes (issue 18).
            kept = run.pairs.exclude(decision=ProposedPair.Decision.REJECTED).count()
            return render(
                request,
                "mentoring/admin/confirm_publish.html",
                {"run": run, "kept": kept, "emails": 2 * kept},
            )
        elif action == "publish":
            created = services.proposal_publish(run=run, by=request.user)
            messages.success(
                request,
                _("Published %(count)s pairs. Introductions are on their way by email.")
                % {"count": len(created)},
            )
        elif action == "discard":
            services.matching_run_discard(run=run)
            messages.success(request, _("The proposal was discarded."))
        else:
            return _refused(request, _("Unknown action."), run)
    except services.MentoringError as error:
        return _refused(request, error.message, selectors.draft_run())
    return redirect("mentoring_admin_matching")
