"""Mentoring on My portal: offer to mentor, ask for a mentor, mark check-ins, end a pairing; and
the feedback form that a signed link in the four-week email opens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from recruitment import selectors
from recruitment.mentoring import services
from recruitment.mentoring.forms import (
    EndPairForm,
    FeedbackForm,
    MentorOfferForm,
    MentorRequestForm,
)
from recruitment.mentoring.models import (
    MentorPair,
    MentorProfile,
    MentorRequest,
    PairCheckIn,
    PairFeedback,
)
from recruitment.mentoring.tokens import read_feedback_token


def _volunteer_or_404(request: HttpRequest):
    volunteer = selectors.volunteer_for_user(user=request.user)
    if volunteer is None:
        raise Http404
    return volunteer


@login_required
@require_http_methods(["GET", "POST"])
def offer(request: HttpRequest) -> HttpResponse:
    volunteer = _volunteer_or_404(request)
    profile = MentorProfile.objects.filter(volunteer=volunteer).first()
    status = 200
    if request.method == "POST":
        form = MentorOfferForm(request.POST)
        if form.is_valid():
            try:
                services.mentor_offer(volunteer=volunteer, **form.cleaned_data)
            except services.MentoringError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Thank you! Your offer is saved.")
                    if profile
                    else _("Thank you for offering to mentor! An organizer will be in touch."),
                )
                return redirect("dashboard:home")
        status = 400
    elif profile is not None:
        form = MentorOfferForm(
            initial={
                "capacity": profile.capacity,
                "languages": profile.languages,
                "interests": profile.interests,
                "availability": profile.availability,
                "about": profile.about,
                "share_phone": profile.share_phone,
            }
        )
    else:
        languages = [language.language for language in volunteer.languages.all()]
        form = MentorOfferForm(
            initial={
                "languages": languages or [volunteer.preferred_language],
                "interests": [interest.activity for interest in volunteer.interests.all()],
                "availability": volunteer.availability,
            }
        )
    return render(
        request,
        "mentoring/offer.html",
        {"form": form, "profile": profile},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    volunteer = _volunteer_or_404(request)
    status = 200
    if request.method == "POST":
        form = MentorRequestForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            note = data["note"]
            mentor = form.preferred_mentor()
            if data["mentor_email"] and mentor is None:
                # Kept for organizers; whether that person mentors here is not revealed.
                note = f"{note}\n{_('Asked for a mentor:')} {data['mentor_email']}".strip()
            try:
                services.mentor_request_create(
                    newcomer=volunteer,
                    language=data["language"],
                    language_required=data["language_required"],
                    same_area=data["same_area"],
                    interests=data["interests"],
                    preferred_mentor=mentor,
                    share_phone=data["share_phone"],
                    note=note,
                )
            except services.MentoringError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, _("Thank you! We will introduce you to a mentor by email soon.")
                )
                return redirect("dashboard:home")
        status = 400
    else:
        form = MentorRequestForm(
            initial={
                "language": volunteer.preferred_language,
                "interests": [interest.activity for interest in volunteer.interests.all()],
            }
        )
    return render(request, "mentoring/ask.html", {"form": form}, status=status)


@login_required
@require_POST
def withdraw(request: HttpRequest) -> HttpResponse:
    volunteer = _volunteer_or_404(request)
    open_request = MentorRequest.objects.filter(
        newcomer=volunteer, status=MentorRequest.Status.OPEN
    ).first()
    if open_request is not None:
        try:
            services.mentor_request_withdraw(request=open_request)
        except services.MentoringError as error:  # matched a moment ago
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your request for a mentor is withdrawn."))
    return redirect("dashboard:home")


@login_required
@require_http_methods(["GET", "POST"])
def end_pair(request: HttpRequest, pair_id: int) -> HttpResponse:
    volunteer = _volunteer_or_404(request)
    pair = get_object_or_404(
        MentorPair.objects.select_related("mentor__user", "newcomer__user"),
        Q(mentor=volunteer) | Q(newcomer=volunteer),
        pk=pair_id,
        ended_at__isnull=True,
    )
    is_newcomer = pair.newcomer_id == volunteer.pk
    status = 200
    if request.method == "POST":
        form = EndPairForm(request.POST, offer_rematch=is_newcomer)
        if form.is_valid():
            try:
                services.pair_end(
                    pair=pair,
                    ended_by=MentorPair.EndedBy.NEWCOMER
                    if is_newcomer
                    else MentorPair.EndedBy.MENTOR,
                    reason=form.cleaned_data["reason"],
                    rematch=form.cleaned_data.get("rematch", False),
                )
            except services.MentoringError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, _("The pairing has ended. Thank you for letting us know.")
                )
                return redirect("dashboard:home")
        status = 400
    else:
        form = EndPairForm(offer_rematch=is_newcomer)
    other = pair.mentor if is_newcomer else pair.newcomer
    return render(
        request,
        "mentoring/end_pair.html",
        {"form": form, "pair": pair, "other": other},
        status=status,
    )


@login_required
@require_POST
def checkin_done(request: HttpRequest, checkin_id: int) -> HttpResponse:
    volunteer = _volunteer_or_404(request)
    checkin = get_object_or_404(PairCheckIn, pk=checkin_id, pair__mentor=volunteer)
    try:
        services.checkin_mark_done(checkin=checkin, mentor=volunteer)
    except services.MentoringError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Check-in marked as done. Thank you!"))
    return redirect("dashboard:home")


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, token: str) -> HttpResponse:
    found = read_feedback_token(token)
    pair = (
        MentorPair.objects.select_related("mentor__user", "newcomer__user")
        .filter(pk=found[0])
        .first()
        if found
        else None
    )
    if pair is None or found[1] not in (pair.mentor_id, pair.newcomer_id):
        return render(request, "mentoring/feedback_invalid.html", status=400)
    is_mentor = found[1] == pair.mentor_id
    volunteer, other = (pair.mentor, pair.newcomer) if is_mentor else (pair.newcomer, pair.mentor)
    role = PairFeedback.Role.MENTOR if is_mentor else PairFeedback.Role.NEWCOMER
    already = PairFeedback.objects.filter(pair=pair, role=role).exists()
    status = 200
    form = None if already else FeedbackForm()
    if request.method == "POST" and not already:
        form = FeedbackForm(request.POST)
        if form.is_valid():
            try:
                services.feedback_submit(
                    pair=pair,
                    volunteer=volunteer,
                    rating=form.cleaned_data["rating"],
                    text=form.cleaned_data["text"],
                )
            except services.MentoringError as error:
                form.add_error(None, error.message)
                status = 400
            else:
                already, form = True, None
        else:
            status = 400
    return render(
        request,
        "mentoring/feedback.html",
        {"form": form, "done": already, "other": other, "token": token},
        status=status,
    )
