"""The admin screen where organizers text a shift's people: compose, see how many people it
reaches and how many segments it costs (GSM-7 or UCS-2: one accent can triple it), send; below,
what became of the texts about this shift (failures and opt-outs included)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events import selectors, texts
from events.models import Shift
from portal.sms.segments import segment_count
from portal.text import StorableTextMixin


class ShiftTextForm(StorableTextMixin, forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Message"),
        max_length=612,  # four GSM-7 segments
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Start with the organization's name; keep it short."),
    )


def shift_text(request: HttpRequest, shift_id: int) -> HttpResponse:
    # Organizers (every desk) only: interns run check-in, they do not message people.
    if not selectors.can_run_desk_for_all(request.user):
        raise PermissionDenied
    shift = get_object_or_404(Shift.objects.select_related("page"), pk=shift_id)
    recipients = texts.shift_text_recipients(shift=shift)
    form = ShiftTextForm(request.POST or None)
    counted = None
    if request.method == "POST" and form.is_valid():
        body = form.cleaned_data["body"]
        counted = segment_count(body)
        if "send" in request.POST:
            queued = texts.shift_text_send(shift=shift, body=body, by=request.user)
            messages.success(
                request, _("%(count)d text(s) queued for this shift.") % {"count": queued}
            )
            return redirect("events_texts:shift", shift_id=shift.pk)
    history = texts.shift_texts(shift=shift)
    return TemplateResponse(
        request,
        "events/shift_texts.html",
        {
            "header_title": _("Text this shift's people"),
            "page_title": _("Text this shift's people"),
            "header_icon": "mail",
            "shift": shift,
            "event": shift.page,
            "form": form,
            "counted": counted,
            "recipient_count": len(recipients),
            "states": history.values("state").annotate(n=Count("pk")).order_by("state"),
            "problems": history.filter(state__in=["failed", "skipped", "unknown"])[:50],
        },
    )


urlpatterns = [path("<id:shift_id>/", shift_text, name="shift")]
