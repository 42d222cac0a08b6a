"""The page a thank-you email's rating link opens (signed, expiring; no login needed)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from events.followup import read_rating_token, shift_rating_record
from events.forms import ShiftRatingForm
from events.models import RSVP, ShiftRating

SCORES = {"1", "2", "3", "4", "5"}


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="30/h", method="POST", block=True)
def rate(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the tapped score ready to send; POST records it. Mail scanners open every link
    in a message, so a GET must not vote. For people it is still one tap: rating.js posts the
    pre-selected form as the page loads, which a scanner that runs no script never does."""
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
    context = {"rsvp": rsvp, "rating": existing, "event": rsvp.shift.page}
    if request.method == "POST":
        form = ShiftRatingForm(request.POST)
        if form.is_valid():
            comment = form.cleaned_data["comment"]
            shift_rating_record(rsvp=rsvp, score=form.cleaned_data["score"], comment=comment)
            # Post/redirect/get: reloading or going back never posts the score again.
            url = reverse("events:rate", args=[token])
            return redirect(f"{url}?saved=comment" if comment else url)
        return render(request, "events/shift_rating.html", {**context, "form": form}, status=400)
    score = request.GET.get("score", "")
    tapped = int(score) if score in SCORES else None
    if existing and tapped in (None, existing.score):
        # Already recorded (also what "back" lands on after the automatic send): say so, and
        # offer the comment box and a way to change the score.
        form = ShiftRatingForm(initial={"score": existing.score, "comment": existing.comment})
        context["comment_saved"] = request.GET.get("saved") == "comment"
        return render(request, "events/shift_rating.html", {**context, "form": form, "done": True})
    initial = {"score": tapped} if tapped else {}
    if existing:
        initial["comment"] = existing.comment
    form = ShiftRatingForm(initial=initial)
    # Only a score tapped in the email is sent by itself; a bare link waits for the person.
    context["autosend"] = tapped is not None
    return render(request, "events/shift_rating.html", {**context, "form": form})
