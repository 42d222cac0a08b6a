"""Public views: unsubscribe (RFC 8058 one-click), the shout-out consent link, nominations."""

import logging

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from portal.newsletters import services
from portal.newsletters.forms import NominationForm
from portal.newsletters.models import ShoutOut, Suppression
from portal.newsletters.tokens import read_shoutout_token, read_unsubscribe_token

logger = logging.getLogger(__name__)


def _invalid_link(request: HttpRequest, message: str) -> HttpResponse:
    return render(
        request,
        "portal/newsletters/link_invalid.html",
        {"message": message},
        status=400,
    )


# Mailbox providers POST here with no cookies and no CSRF token (RFC 8058). The token in the
# address is the proof; the only thing a forged request could do is unsubscribe its own holder.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    email = read_unsubscribe_token(token)
    if email is None:
        return _invalid_link(
            request,
            _(
                "This unsubscribe link is broken or has been changed. Use the link in the "
                "newest email we sent you, or write to us and we will take you off the list."
            ),
        )
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        services.newsletter_unsubscribe(
            email=email, source="one-click" if one_click else "unsubscribe page"
        )
        return render(request, "portal/newsletters/unsubscribe_done.html", {"email": email})
    already = Suppression.objects.filter(email=email).exists()
    return render(
        request,
        "portal/newsletters/unsubscribe.html",
        {"email": email, "already": already, "token": token},
    )


@require_http_methods(["GET", "POST"])
def shoutout_public(request: HttpRequest, token: str) -> HttpResponse:
    shoutout_id = read_shoutout_token(token)
    shoutout = (
        ShoutOut.objects.select_related("recipient")
        .filter(pk=shoutout_id, status=ShoutOut.Status.APPROVED)
        .first()
        if shoutout_id
        else None
    )
    if shoutout is None:
        return _invalid_link(
            request,
            _("This link is broken, too old, or the shout-out was removed."),
        )
    if request.method == "POST":
        choice = request.POST.get("public")
        if choice not in ("yes", "no"):
            return render(
                request,
                "portal/newsletters/shoutout_public.html",
                {"shoutout": shoutout, "error": _("Choose one of the two buttons.")},
                status=400,
            )
        shoutout = services.shoutout_set_public(shoutout=shoutout, public=choice == "yes")
        messages.success(
            request,
            _("Thank you. Your shout-out is on the wall.")
            if shoutout.show_publicly
            else _("Done. Your shout-out stays private."),
        )
        return redirect(request.path)
    return render(request, "portal/newsletters/shoutout_public.html", {"shoutout": shoutout})


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="10/h", method="POST", block=True)
def nominate(request: HttpRequest) -> HttpResponse:
    form = NominationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        peer = (
            get_user_model()
            .objects.filter(email__iexact=form.cleaned_data["email"], is_active=True)
            .first()
        )
        try:
            if peer is not None:
                services.shoutout_nominate(
                    recipient=peer, message=form.cleaned_data["message"], author=request.user
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # The same answer whether or not the address is known: no one learns who volunteers.
            messages.success(
                request,
                _("Thank you! An organizer will read your shout-out before it is sent."),
            )
            return redirect("newsletters:nominate")
    status = 400 if request.method == "POST" else 200
    return render(request, "portal/newsletters/nominate.html", {"form": form}, status=status)
