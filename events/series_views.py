"""The organizer's "Add a recurring series" screen in the admin (one form, events/series.py)."""

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from events.models import EventPage, Series
from events.series import MAX_OCCURRENCES, SeriesError, SeriesRule, series_create
from portal.text import StorableTextMixin


class SeriesForm(StorableTextMixin, forms.Form):
    frequency = forms.ChoiceField(label=gettext_lazy("Repeats"), choices=Series.Frequency.choices)
    weekdays = forms.TypedMultipleChoiceField(
        label=gettext_lazy("On"),
        choices=sorted(WEEKDAYS.items()),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Leave empty for the weekday of the first date."),
    )
    starts_on = forms.DateField(
        label=gettext_lazy("First date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    start_time = forms.TimeField(
        label=gettext_lazy("Starts at"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=gettext_lazy("Ends at"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    until = forms.DateField(
        label=gettext_lazy("Last date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    count = forms.IntegerField(
        label=gettext_lazy("Or a number of occurrences"),
        required=False,
        min_value=1,
        max_value=100_000,
    )
    exceptions = forms.CharField(
        label=gettext_lazy("Dates left out"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One date per line, like 2026-12-25."),
    )
    capacity = forms.IntegerField(
        label=gettext_lazy("Places in each occurrence"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=gettext_lazy("Leave empty for no limit."),
    )

    def clean_exceptions(self) -> list[date]:
        dates = []
        for line in self.cleaned_data.get("exceptions", "").split():
            try:
                dates.append(date.fromisoformat(line.strip()))
            except ValueError:
                raise forms.ValidationError(
                    _("“%(value)s” is not a date: write each one like 2026-12-25.")
                    % {"value": line[:20]}
                ) from None
        return dates

    def rule(self) -> SeriesRule:
        data = self.cleaned_data
        return SeriesRule(
            frequency=data["frequency"],
            weekdays=list(data.get("weekdays") or []),
            starts_on=data["starts_on"],
            start_time=data["start_time"],
            end_time=data["end_time"],
            until=data.get("until"),
            count=data.get("count"),
            exceptions=data.get("exceptions") or [],
            capacity=data.get("capacity"),
        )


@require_http_methods(["GET", "POST"])
def series_add(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_object_or_404(EventPage, pk=event_id)
    # The series is published with the page, so only those who may publish it may add one.
    if not event.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    form = SeriesForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                made = series_create(event=event, rule=form.rule(), by=request.user)
            except SeriesError as refused:
                for name, errors in refused.errors.items():
                    for message in errors:
                        form.add_error(None if name == "__all__" else name, message)
            else:
                count = made.occurrences.count()
                messages.success(
                    request,
                    _("The series is published with %(count)d occurrences.") % {"count": count},
                )
                return redirect("wagtailadmin_pages:edit", event.pk)
        status = 400
    return TemplateResponse(
        request,
        "events/series_form.html",
        {
            "header_title": _("Add a recurring series"),
            "page_title": _("Add a recurring series"),
            "header_icon": "date",
            "event": event,
            "form": form,
            "max_occurrences": MAX_OCCURRENCES,
            "series": list(Series.objects.filter(page=event).order_by("pk")),
        },
        status=status,
    )


urlpatterns = [path("<id:event_id>/", series_add, name="add")]
