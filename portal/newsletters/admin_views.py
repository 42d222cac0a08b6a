"""Admin screens for sending (audience count, test send, schedule, pause/resume, live progress)
and the shout-out review buttons. Registered by portal/newsletters/wagtail_hooks.py."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Locale

from portal.newsletters import services
from portal.newsletters.delivery import delivery_progress
from portal.newsletters.forms import ScheduleForm
from portal.newsletters.models import (
    NewsletterDispatch,
    NewsletterIndexPage,
    NewsletterPage,
    ShoutOut,
)
from portal.newsletters.selectors import newsletter_audience_summary


def may_send_newsletters(user) -> bool:
    """Organizers (who publish pages) and administrators; interns never."""
    return user.has_perm("wagtailadmin.access_admin") and (
        user.is_superuser
        or user.has_perm("wagtailcore.publish_page")
        or user.groups.filter(page_permissions__permission__codename="publish_page").exists()
    )


def newsletter_senders_only(view):
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not may_send_newsletters(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return checked


def shoutout_reviewers_only(view):
    # Checked before the method, so an intern learns nothing from a 405 either.
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not request.user.has_perm("newsletters.change_shoutout"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return checked


def _newsletter_for(request: HttpRequest, page_id: int) -> NewsletterPage:
    page = get_object_or_404(NewsletterPage, pk=page_id).source
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    return page


def _dispatch(page: NewsletterPage) -> NewsletterDispatch | None:
    return NewsletterDispatch.objects.filter(newsletter=page).first()


@newsletter_senders_only
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    pages = (
        NewsletterPage.objects.filter(locale=Locale.get_default())
        .select_related("dispatch")
        .order_by("-latest_revision_created_at")
    )
    rows = [page for page in pages if page.permissions_for_user(request.user).can_publish()]
    return TemplateResponse(
        request,
        "portal/newsletters/admin/index.html",
        {"newsletters": rows, "create_url": _create_url(request.user)},
    )


def _create_url(user) -> str:
    """Wagtail's "add a newsletter" form under the archive page, when this person may add one
    there (issue 18: the screen had no way to start one; it had to be found in the page tree)."""
    archive = NewsletterIndexPage.objects.filter(locale=Locale.get_default()).first()
    if archive is None or not archive.permissions_for_user(user).can_add_subpage():
        return ""
    return reverse("wagtailadmin_pages:add", args=("newsletters", "newsletterpage", archive.pk))


@require_GET
def send(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _newsletter_for(request, page_id)
    dispatch = _dispatch(page)
    context = {
        "page": page,
        "dispatch": dispatch,
        "summary": None,
        "progress": delivery_progress(newsletter_id=page.pk),
        "schedule_form": ScheduleForm(
            initial={"send_at": timezone.localtime() + timezone.timedelta(hours=1)}
        ),
    }
    if dispatch is None or dispatch.status in (
        NewsletterDispatch.Status.SCHEDULED,
        NewsletterDispatch.Status.CANCELLED,
    ):
        # Counting runs the audience query; only worth it before the ledger exists.
        context["summary"] = newsletter_audience_summary(newsletter=page)
    return TemplateResponse(request, "portal/newsletters/admin/send.html", context)


@require_GET
def progress(request: HttpRequest, page_id: int) -> JsonResponse:
    page = _newsletter_for(request, page_id)
    dispatch = _dispatch(page)
    return JsonResponse(
        {
            "status": dispatch.status if dispatch else "",
            "status_label": str(dispatch.get_status_display()) if dispatch else "",
            **delivery_progress(newsletter_id=page.pk),
        }
    )


def _act(request: HttpRequest, page_id: int, action, done: str) -> HttpResponse:
    page = _newsletter_for(request, page_id)
    try:
        action(page)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("newsletters_admin:send", page_id=page.pk)
    except NewsletterDispatch.DoesNotExist:
        messages.error(request, _("This newsletter has not been scheduled."))
        return redirect("newsletters_admin:send", page_id=page.pk)
    messages.success(request, done)
    return redirect("newsletters_admin:send", page_id=page.pk)


@require_POST
def send_test(request: HttpRequest, page_id: int) -> HttpResponse:
    return _act(
        request,
        page_id,
        lambda page: services.newsletter_send_test(newsletter=page, user=request.user),
        _("A test was sent to %(email)s.") % {"email": request.user.email},
    )


@require_POST
def schedule(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _newsletter_for(request, page_id)
    if "send_now" in request.POST and "confirmed" not in request.POST:
        # Sending at once to everyone cannot be taken back: one more screen says to how many
        # people it goes, and only its own button sends (issue 18).
        return TemplateResponse(
            request,
            "portal/newsletters/admin/confirm_send.html",
            {"page": page, "summary": newsletter_audience_summary(newsletter=page)},
        )
    if "send_now" in request.POST:
        send_at = timezone.now()
    else:
        form = ScheduleForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("newsletters_admin:send", page_id=page.pk)
        send_at = form.cleaned_data["send_at"]
    when = timezone.localtime(send_at)
    return _act(
        request,
        page_id,
        lambda page: services.newsletter_schedule(
            newsletter=page, send_at=send_at, user=request.user
        ),
        _("Sending started.")
        if "send_now" in request.POST
        else _("Scheduled for %(when)s.") % {"when": when.strftime("%Y-%m-%d %H:%M %Z")},
    )


@require_POST
def pause(request: HttpRequest, page_id: int) -> HttpResponse:
    return _act(
        request,
        page_id,
        lambda page: services.newsletter_pause(newsletter=page),
        _("Paused. Nobody else gets it until you resume."),
    )


@require_POST
def resume(request: HttpRequest, page_id: int) -> HttpResponse:
    return _act(
        request,
        page_id,
        lambda page: services.newsletter_resume(newsletter=page),
        _("Resumed."),
    )


@require_POST
def resend_unknown(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _newsletter_for(request, page_id)
    count = services.newsletter_resend_unknown(newsletter=page, user=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s delivery with an unknown outcome is queued to be sent again.",
            "%(count)s deliveries with an unknown outcome are queued to be sent again.",
            count,
        )
        % {"count": count},
    )
    return redirect("newsletters_admin:send", page_id=page.pk)


@require_POST
def cancel(request: HttpRequest, page_id: int) -> HttpResponse:
    return _act(
        request,
        page_id,
        lambda page: services.newsletter_cancel(newsletter=page),
        _("The schedule was cancelled."),
    )


@shoutout_reviewers_only
@require_POST
def approve_shoutout(request, pk: int):
    shoutout = get_object_or_404(ShoutOut, pk=pk)
    services.shoutout_approve(shoutout=shoutout, user=request.user)
    messages.success(request, _("Approved. The volunteer will get an email."))
    return redirect("shoutouts:index")


@shoutout_reviewers_only
@require_POST
def decline_shoutout(request, pk: int):
    shoutout = get_object_or_404(ShoutOut, pk=pk)
    try:
        services.shoutout_decline(shoutout=shoutout, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Declined."))
    return redirect("shoutouts:index")
