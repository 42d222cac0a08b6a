"""Public pages of check-in: the venue poster's self check-in, a walk-in's confirmation link,
and the PNG of an RSVP's QR code for emails (mail clients do not show SVG)."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from events import services
from events.desk import services as desk_services
from events.desk.models import DeskWalkIn
from events.desk.qr import qr_png
from events.forms import SelfWalkInForm
from events.models import Shift
from events.tokens import read_poster_token, read_rsvp_checkin_token, read_walk_in_token


def rsvp_qr(request: HttpRequest, token: str) -> HttpResponse:
    """The QR code of a valid check-in token, as PNG; anything else is not found."""
    if read_rsvp_checkin_token(token) is None:
        raise Http404
    response = HttpResponse(qr_png(token), content_type="image/png")
    response["Cache-Control"] = "private, max-age=86400"
    return response


@require_http_methods(["GET", "POST"])
# Typed codes are 30 bits, but a bound keeps anyone at the venue from trying them in bulk.
@ratelimit(key="ip", rate="30/h", method="POST", block=True)
def self_checkin(request: HttpRequest, token: str) -> HttpResponse:
    """Scanned from the venue poster: a holder of this shift's RSVP checks in with one tap
    (logged in, or by the code from their confirmation email); anyone else adds themself as a
    walk-in, confirmed later by the link emailed to the address they give."""
    shift_id = read_poster_token(token)
    shift = Shift.objects.select_related("page").filter(pk=shift_id).first() if shift_id else None
    if shift is None:
        return render(request, "events/rsvp_link_invalid.html", status=400)
    rsvp = desk_services.self_checkin_rsvp(shift=shift, person=request.user)
    walk_in_form = SelfWalkInForm(prefix="walkin")
    problem = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "checkin":
                if rsvp is None:
                    return redirect_to_login(request.get_full_path())
                desk_services.self_checkin(rsvp=rsvp, key=request.POST.get("key", ""))
                return redirect(f"{request.path}?done=checkin")
            if action == "code":
                found = desk_services.rsvp_for_scan(shift=shift, text=request.POST.get("code", ""))
                desk_services.self_checkin(rsvp=found, key=request.POST.get("key", ""))
                return redirect(f"{request.path}?done=checkin")
            if action == "walk_in":
                walk_in_form = SelfWalkInForm(request.POST, prefix="walkin")
                if walk_in_form.is_valid() and desk_services.self_checkin_is_open(shift=shift):
                    data = walk_in_form.cleaned_data
                    desk_services.walk_in_add(
                        shift=shift,
                        email=data["email"],
                        first_name=data["first_name"],
                        last_name=data["last_name"],
                        key=request.POST.get("key", ""),
                    )
                    return redirect(f"{request.path}?done=walk_in")
                if walk_in_form.is_valid():
                    problem = _("Check-in for this shift is not open now.")
        except services.RsvpError as error:
            problem = error.text
    done = request.GET.get("done", "")
    if rsvp is not None:
        rsvp.refresh_from_db()
    return render(
        request,
        "events/desk_self_checkin.html",
        {
            "event": shift.page,
            "shift": shift,
            "rsvp": rsvp,
            "is_open": desk_services.self_checkin_is_open(shift=shift),
            "walk_in_form": walk_in_form,
            "problem": problem,
            "done": done if done in ("checkin", "walk_in") else "",
        },
        status=400 if problem else 200,
    )


@require_http_methods(["GET", "POST"])
def walk_in_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The address's owner confirms they were the walk-in: the shift joins their record."""
    walk_in_id = read_walk_in_token(token)
    walk_in = (
        DeskWalkIn.objects.select_related("shift__page").filter(pk=walk_in_id).first()
        if walk_in_id
        else None
    )
    if walk_in is None:
        return render(request, "events/rsvp_link_invalid.html", status=400)
    if request.method == "POST":
        desk_services.walk_in_confirm(walk_in=walk_in)
        return redirect(request.path)
    return render(
        request,
        "events/desk_walk_in_confirm.html",
        {"walk_in": walk_in, "event": walk_in.shift.page, "shift": walk_in.shift},
    )
