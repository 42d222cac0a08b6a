from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit
from django_ratelimit.exceptions import Ratelimited

from recruitment import selectors, services, signals
from recruitment.forms import DetailsForm, InternshipApplicationForm, JoinForm
from recruitment.models import Signup
from recruitment.tokens import read_confirmation_token

SIGNUP_SESSION_KEY = "recruitment_signup_id"
UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def email_rate_key(group: str, request: HttpRequest) -> str:
    # Per address, whatever its letter case, so one inbox cannot be flooded with confirmations.
    return (request.POST.get("email") or "").strip().lower()[:254]


def _external_referrer(request: HttpRequest) -> str:
    referrer = request.META.get("HTTP_REFERER", "")
    host = urlsplit(referrer).netloc
    return "" if not host or host == request.get_host() else referrer[:500]


def _source(request: HttpRequest, form: JoinForm) -> services.SignupSource:
    params = request.GET
    return services.SignupSource(
        **{key: params.get(key, "").strip()[:100] for key in UTM_KEYS},
        referrer_url=form.cleaned_data.get("referrer_url", ""),
        partner=selectors.partner_by_slug(slug=params.get("partner", "")),
        referred_by=selectors.volunteer_by_referral_code(code=params.get("ref", "")),
        ip_address=client_ip(request),
    )


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="20/h", method="POST", block=True)
@ratelimit(key=email_rate_key, rate="5/h", method="POST", block=True)
def join(request: HttpRequest) -> HttpResponse:
    partner = selectors.partner_by_slug(slug=request.GET.get("partner", ""))
    if request.method == "POST":
        form = JoinForm(request.POST)
        if form.is_valid():
            # New and known addresses (and bots caught by the honeypot) all get the same answer.
            if not form.is_bot:
                signup = services.volunteer_signup(
                    email=form.cleaned_data["email"],
                    profile=form.profile(),
                    consents=form.consents(),
                    source=_source(request, form),
                    language=translation.get_language() or "en",
                )
                request.session[SIGNUP_SESSION_KEY] = signup.pk
            return redirect("recruitment:details")
        status = 400
    else:
        form = JoinForm(initial={"referrer_url": _external_referrer(request)})
        status = 200
    return render(
        request,
        "recruitment/join.html",
        {"form": form, "partner": partner, "query": request.GET.urlencode()},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def details(request: HttpRequest) -> HttpResponse:
    signup = Signup.objects.filter(pk=request.session.get(SIGNUP_SESSION_KEY)).first()
    if request.method == "POST":
        form = DetailsForm(request.POST)
        if form.is_valid():
            if signup is not None:
                services.signup_add_details(
                    signup=signup,
                    details=form.details(),
                    wishes={signals.WISH_MENTOR} if form.cleaned_data["wants_mentor"] else (),
                )
            return redirect("recruitment:thanks")
        status = 400
    else:
        form = DetailsForm(initial={"preferred_language": translation.get_language()})
        status = 200
    return render(request, "recruitment/join_details.html", {"form": form}, status=status)


def thanks(request: HttpRequest) -> HttpResponse:
    request.session.pop(SIGNUP_SESSION_KEY, None)
    return render(request, "recruitment/join_thanks.html")


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    signup_id = read_confirmation_token(token)
    signup = (
        Signup.objects.select_related("volunteer").filter(pk=signup_id).first()
        if signup_id
        else None
    )
    if signup is None or signup.volunteer.user_id is None:
        return render(
            request,
            "recruitment/confirm_invalid.html",
            {"message": _("This link has expired or is not valid.")},
            status=400,
        )
    if request.method == "POST":
        first_use = signup.confirmed_at is None
        volunteer = services.signup_confirm(signup=signup)
        _log_in_after_confirming(request, volunteer.user, first_use=first_use)
        return render(request, "recruitment/confirm_done.html")
    # Confirming takes a button press: mail scanners that open links must not confirm for people.
    return render(request, "recruitment/confirm.html", {"token": token})


def _log_in_after_confirming(request: HttpRequest, user, *, first_use: bool) -> None:
    """Confirming one's address proves one holds it, as an emailed sign-in code would: the
    person is logged in for this browser session (issue 18). Only the link's first use does
    it, so a confirmation link found later in a mailbox opens nothing. Staff never sign in this
    way: their door asks for a second factor."""
    from django.contrib.auth import login

    if not first_use or user is None or not user.is_active or user.is_staff or user.is_superuser:
        return
    if request.user.is_authenticated and request.user.pk != user.pk:
        return
    login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
    # For this session only: closing the browser ends it, whatever SESSION_COOKIE_AGE says.
    request.session.set_expiry(0)


def internship_page_serve(request: HttpRequest, page) -> HttpResponse:
    """GET shows the opportunity and its form; POST applies. Called by InternshipPage.serve."""
    from django.template.response import TemplateResponse

    status = 200
    applied = False
    form = InternshipApplicationForm()
    if request.method == "POST":
        if is_ratelimited(request, group="internship-apply", key="ip", rate="10/h", increment=True):
            raise Ratelimited
        form = InternshipApplicationForm(request.POST, request.FILES)
        if not page.is_open:
            status = 400
        elif form.is_valid():
            if not form.is_bot:
                services.application_submit(
                    page=page, data=form.cleaned_data, resume=form.cleaned_data["resume"]
                )
            applied = True
            form = None
        else:
            status = 400
    elif request.method != "GET":
        return HttpResponse(status=405)
    context = page.get_context(request)
    context.update({"form": form, "applied": applied})
    return TemplateResponse(request, page.get_template(request), context, status=status)
