"""My portal (/me/): a volunteer's own page. Each section reads through its app's selectors."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.newsletters.selectors import badges_for
from recruitment import selectors, services
from recruitment.forms import ConsentForm, ProfileForm, SelfIdForm
from recruitment.models import Consent
from recruitment.views import client_ip


def _home_context(request: HttpRequest, volunteer, consent_form=None) -> dict:
    if volunteer is None:
        return {"volunteer": None}
    referral_url = request.build_absolute_uri(
        f"{reverse('recruitment:join')}?ref={volunteer.referral_code}"
    )
    return {
        "volunteer": volunteer,
        "interests": [interest.get_activity_display() for interest in volunteer.interests.all()],
        "consent_form": consent_form
        or ConsentForm(initial=selectors.consent_state(volunteer=volunteer)),
        "consented_partners": selectors.consented_partners(volunteer=volunteer),
        "partners_came_from": selectors.partners_came_from(volunteer=volunteer),
        "referral_url": referral_url,
        "recruit_count": selectors.recruit_count(volunteer=volunteer),
        "has_password": request.user.has_usable_password(),
        "badges": badges_for(request.user),
    }


@login_required
def home(request: HttpRequest) -> HttpResponse:
    volunteer = selectors.volunteer_for_user(user=request.user)
    return render(request, "portal/me/home.html", _home_context(request, volunteer))


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    volunteer = selectors.volunteer_for_user(user=request.user)
    if volunteer is None:
        return redirect("dashboard:home")
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            services.volunteer_update_profile(volunteer=volunteer, profile=form.profile())
            messages.success(request, _("Your profile is saved."))
            return redirect("dashboard:home")
        status = 400
    else:
        form = ProfileForm(initial=selectors.volunteer_profile(volunteer=volunteer))
        status = 200
    return render(request, "portal/me/profile.html", {"form": form}, status=status)


@login_required
@require_POST
def consents(request: HttpRequest) -> HttpResponse:
    volunteer = selectors.volunteer_for_user(user=request.user)
    if volunteer is None:
        return redirect("dashboard:home")
    form = ConsentForm(request.POST)
    if form.is_valid() and form.cleaned_data["sms"] and not volunteer.phone:
        form.add_error("sms", _("Add a mobile number to your profile first."))
    if not form.is_valid():
        context = _home_context(request, volunteer, consent_form=form)
        return render(request, "portal/me/home.html", context, status=400)
    services.volunteer_set_consents(
        volunteer=volunteer,
        choices=form.choices(),
        source=Consent.Source.DASHBOARD,
        ip_address=client_ip(request),
    )
    messages.success(request, _("Your choices are saved."))
    return redirect("dashboard:home")


@login_required
def download_data(request: HttpRequest) -> HttpResponse:
    volunteer = selectors.volunteer_for_user(user=request.user)
    if volunteer is None:
        return redirect("dashboard:home")
    data = selectors.volunteer_personal_data(volunteer=volunteer)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"my-volunteer-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    volunteer = selectors.volunteer_for_user(user=request.user)
    if volunteer is None or request.user.is_staff:
        # Staff accounts are managed by administrators in the admin, not deleted from here.
        return redirect("dashboard:home")
    if request.method == "POST":
        services.volunteer_erase(volunteer=volunteer)
        logout(request)
        return render(request, "portal/me/deleted.html")
    return render(request, "portal/me/delete.html")


@login_required
@require_http_methods(["GET", "POST"])
def self_identification(request: HttpRequest) -> HttpResponse:
    volunteer = selectors.volunteer_for_user(user=request.user)
    if volunteer is None:
        return redirect("dashboard:home")
    if request.method == "POST":
        if "delete" in request.POST:
            services.selfid_delete(volunteer=volunteer)
            messages.success(request, _("Your answers are deleted."))
            return redirect("dashboard:home")
        form = SelfIdForm(request.POST)
        if form.is_valid():
            services.selfid_save(volunteer=volunteer, answers=form.answers())
            messages.success(request, _("Thank you. Your answers are saved."))
            return redirect("dashboard:home")
        status = 400
    else:
        existing = selectors.selfid_for_volunteer(volunteer=volunteer)
        initial = (
            {name: getattr(existing, name) for name in services.SELF_ID_FIELDS} if existing else {}
        )
        form = SelfIdForm(initial=initial)
        status = 200
    has_answers = selectors.selfid_for_volunteer(volunteer=volunteer) is not None
    return render(
        request,
        "portal/me/self_identification.html",
        {"form": form, "has_answers": has_answers},
        status=status,
    )
