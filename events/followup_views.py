"""The page a thank-you email's rating link opens (signed, expiring; no login needed)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from events.followup import read_rating_token, shift_rating_record
from events.forms import ShiftRatingForm
from events.models import RSVP, ShiftRating


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="30/h", method="POST", block=True)
def rate(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the tapped score ready to send; POST records it. Mail scanners open every link
    in a message, so a GET must not vote: the score is saved only by the person's own tap."""
    rsvp_id = read_rating_token(token)
    rsvp = (
        RSVP.objects.select_related("shift__page")
        .filter(pk=rsvp_id, attendance=RSVP.Attendance.ATTENDED)
        .first()
        if rsvp_id
        else None
    )
    if rsvp is None:
        return render(request, "events/rsvp_link_invalid.html", status=400)
    existing = ShiftRating.objects.filter(rsvp=rsvp).first()
    if request.method == "POST":
        form = ShiftRatingForm(request.POST)
        if form.is_valid():
            rating = shift_rating_record(
                rsvp=rsvp, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"]
            )
            return render(
                request, "events/shift_rating.html", {"rsvp": rsvp, "rating": rating, "done": True}
            )
        status = 400
    else:
        score = request.GET.get("score", "")
        initial = {"score": int(score)} if score in {"1", "2", "3", "4", "5"} else {}
        if existing and not initial:
            initial = {"score": existing.score}
        if existing:
            initial["comment"] = existing.comment
        form = ShiftRatingForm(initial=initial)
        status = 200
    return render(
        request,
        "events/shift_rating.html",
        {"rsvp": rsvp, "form": form, "rating": existing, "event": rsvp.shift.page},
        status=status,
    )
