"""Where staff write to an event's people: compose, preview who gets it (and how many), send.
Organizers and interns do it in the admin; an event's volunteer host (who has no admin) on a
page of the site, through the same view. Who may is events.messaging.may_message_event."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from events import messaging
from events.forms_admin import EventMessageForm
from events.models import EventPage, Shift


def _shift_choices(event: EventPage) -> list[tuple[int, str]]:
    zone = event.zone
    return [
        (shift.pk, timezone.localtime(shift.start_at, zone).strftime("%Y-%m-%d %H:%M %Z"))
        for shift in Shift.objects.filter(page=event.shift_owner).order_by("start_at", "pk")
    ]


@login_required
@require_http_methods(["GET", "POST"])
def host_compose(request: HttpRequest, event_id: int) -> HttpResponse:
    return compose_page(
        request,
        event_id,
        template="events/event_messages_host.html",
        url_name="events:host_compose",
    )


def compose_page(request: HttpRequest, event_id: int, *, template: str, url_name: str):
    event = get_object_or_404(EventPage, pk=event_id)
    if not messaging.may_message_event(user=request.user, event=event):
        raise PermissionDenied
    form = EventMessageForm(
        request.POST or None,
        shifts=_shift_choices(event),
        audiences=messaging.Audience.choices,
    )
    recipients = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            shift = Shift.objects.filter(pk=data["shift"], page=event.shift_owner).first()
            try:
                if "send" in request.POST:
                    message = messaging.event_message_send(
                        event=event,
                        shift=shift,
                        audience=data["audience"],
                        subject=data["subject"],
                        body=data["body"],
                        by=request.user,
                    )
                    messages.success(
                        request,
                        ngettext(
                            "Your message is on its way to %(count)s person.",
                            "Your message is on its way to %(count)s people.",
                            message.recipient_count,
                        )
                        % {"count": message.recipient_count},
                    )
                    return redirect(url_name, event_id=event.pk)
                recipients = messaging.message_recipients(
                    event=event, shift=shift, audience=data["audience"]
                )
            except messaging.MessageError as problem:
                form.add_error(None, problem.text)
                status = 400
        else:
            status = 400
    return TemplateResponse(
        request,
        template,
        {
            "header_title": _("Message this event's people"),
            "page_title": _("Message: %(title)s") % {"title": event.title},
            "header_icon": "mail",
            "event": event,
            "form": form,
            "recipients": recipients,
            "sent_messages": messaging.event_messages(event=event)[:20],
        },
        status=status,
    )


app_name = "events_messages"
