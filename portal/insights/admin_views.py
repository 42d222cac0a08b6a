"""The Insights screens in the Wagtail admin: the dashboard, its CSV downloads and the lapsing
volunteers' call list. Organizers and administrators only; everyone else gets a 403."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from events.selectors import lapsing
from home.models import SiteSettings
from portal.audit import audit_export
from portal.insights.access import may_view_insights
from portal.insights.cache import figure_results
from portal.insights.csv import stream_csv
from portal.insights.figures import FIGURES, InsightsContext, figure_for_table
from portal.insights.filters import InsightsFilterForm
from portal.insights.selectors.reports import goals_from


def insights_only(view):
    """A plain 403 page for anyone who may not see insights (Wagtail would turn a raised
    PermissionDenied into a redirect to the admin home)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not may_view_insights(request.user):
            return TemplateResponse(request, "portal/insights/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


def _form(request: HttpRequest) -> InsightsFilterForm:
    return InsightsFilterForm(request.GET)


def _context(request: HttpRequest, form: InsightsFilterForm) -> InsightsContext:
    return InsightsContext(
        filters=form.filters(),
        now=timezone.now(),
        goals=goals_from(SiteSettings.for_request(request)),
    )


@require_GET
@insights_only
def dashboard(request: HttpRequest) -> TemplateResponse:
    form = _form(request)
    context = {"form": form, "figures": [], "query": ""}
    status = 200
    if form.is_valid():
        ctx = _context(request, form)
        context["filters"] = ctx.filters
        context["query"] = _query_string(ctx.filters)
        context["figures"], context["as_of"] = figure_results(ctx=ctx, figures=FIGURES)
        # Shown with the dates actually used (defaults filled in).
        context["form"] = InsightsFilterForm(initial=ctx.filters.as_query())
    else:
        status = 400
    return TemplateResponse(request, "portal/insights/dashboard.html", context, status=status)


def _query_string(filters) -> str:
    return urlencode(filters.as_query())


def _bad_filters(form: InsightsFilterForm) -> HttpResponse:
    messages = [f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()]
    return HttpResponse(
        _("Check the filters: %(problems)s") % {"problems": "; ".join(messages)},
        status=400,
        content_type="text/plain; charset=utf-8",
    )


@require_GET
@insights_only
def table_csv(request: HttpRequest, table_key: str) -> HttpResponse:
    figure = figure_for_table(table_key)
    if figure is None:
        raise Http404
    form = _form(request)
    if not form.is_valid():
        return _bad_filters(form)
    ctx = _context(request, form)
    table = figure.build(ctx).table(table_key)
    filters = ctx.filters
    filename = f"insights-{table_key}-{filters.date_from:%Y%m%d}-{filters.date_to:%Y%m%d}.csv"
    rows = table.cells()
    audit_export(user=request.user, export=f"insights {table_key}", rows=len(rows))
    return stream_csv(
        filename=filename,
        header=[str(column.label) for column in table.columns],
        rows=([_raw(value) for value in cells] for cells in rows),
    )


def _raw(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


@require_GET
@insights_only
def lapsing_csv(request: HttpRequest) -> HttpResponse:
    """The call list: only the contact details each person agreed to be reached on."""
    form = _form(request)
    if not form.is_valid():
        return _bad_filters(form)
    office = form.filters().office
    contacts = lapsing.lapsing_contacts(office=office)
    audit_export(user=request.user, export="lapsing volunteers", rows=contacts.count())
    rows = contacts.iterator(chunk_size=2000)
    return stream_csv(
        filename=f"lapsing-volunteers-{timezone.localdate():%Y%m%d}.csv",
        header=[
            _("Given name"),
            _("Family name"),
            _("Email (if they agreed to email)"),
            _("Mobile phone (if they agreed to texts)"),
            _("ZIP code"),
        ],
        rows=rows,
    )


def privacy_report(request: HttpRequest) -> TemplateResponse:
    """Issue 22: administrators' view of access and retention."""
    from portal.insights.retention import RULES
    from portal.insights.selectors import privacy

    if not request.user.is_superuser:
        raise PermissionDenied
    start, end = privacy.previous_month()
    removed = privacy.retention_removed(start=start, end=end)
    return TemplateResponse(
        request,
        "portal/insights/privacy_report.html",
        {
            "staff": privacy.staff_roles(),
            "exports": privacy.exports_recent(),
            "retention": [(label, removed[rule]) for rule, label in RULES.items()],
            "month_start": start,
        },
    )
