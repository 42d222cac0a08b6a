"""Admin screens for organizers: course statistics, the drop-off funnel, completions as CSV.

Volunteers' training records are personal data: only people with the "view training reports"
permission (organizers, administrators) see them; interns get a 403.
"""

import csv
from datetime import UTC
from functools import wraps

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.audit import audit_export
from training import selectors
from training.models import CoursePage
from training.roles import may_see_reports


def reports_only(view):
    """A plain 403 for people without the reports permission (Wagtail's admin would turn a
    PermissionDenied into a redirect, which hides the refusal from scripts and tests)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not may_see_reports(request.user):
            return render(request, "403.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


@require_GET
@reports_only
def stats_index(request: HttpRequest) -> TemplateResponse:
    return TemplateResponse(
        request,
        "training/admin/stats_index.html",
        {
            "header_title": _("Course statistics"),
            "page_title": _("Course statistics"),
            "header_icon": "doc-full-inverse",
            "rows": selectors.course_stats(),
        },
    )


def _course_or_404(course_id: int) -> CoursePage:
    # By the page's own id, not `pk` (the page_ptr link): Django turns an id too large for the
    # database into "no such row" only for plain integer fields, so /stats/<huge>/ stays a 404.
    return get_object_or_404(CoursePage, id=course_id)


@require_GET
@reports_only
def course_stats(request: HttpRequest, course_id: int) -> TemplateResponse:
    course = _course_or_404(course_id)
    return TemplateResponse(
        request,
        "training/admin/course_stats.html",
        {
            "header_title": course.title,
            "page_title": _("Statistics: %(title)s") % {"title": course.title},
            "header_icon": "doc-full-inverse",
            "course": course,
            "funnel": selectors.course_funnel(course=course),
        },
    )


class _Echo:
    def write(self, value):
        return value


def _safe(value) -> str:
    # Spreadsheets run cells starting with these as formulas; a leading quote keeps them text.
    value = str(value or "")
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@require_GET
@reports_only
def completions_csv(request: HttpRequest, course_id: int | None = None) -> HttpResponse:
    course = _course_or_404(course_id) if course_id else None
    writer = csv.writer(_Echo())
    headings = [
        _("Course"),
        _("Language"),
        _("Given name"),
        _("Family name"),
        _("Email"),
        _("Completed (UTC)"),
    ]

    def rows():
        yield writer.writerow(headings)
        for completion in selectors.completion_rows(course=course).iterator(chunk_size=500):
            yield writer.writerow(
                [
                    _safe(completion.course.title),
                    completion.course.locale.language_code,
                    _safe(completion.user.first_name),
                    _safe(completion.user.last_name),
                    _safe(completion.user.email),
                    timezone.localtime(completion.completed_at, UTC).strftime("%Y-%m-%d %H:%M"),
                ]
            )

    audit_export(
        user=request.user,
        export="course completions",
        rows=selectors.completion_rows(course=course).count(),
        instance=course,
    )
    name = f"{course.slug}-completions" if course else "course-completions"
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


urlpatterns = [
    path("", stats_index, name="index"),
    path("<id:course_id>/", course_stats, name="course"),
    path("completions.csv", completions_csv, name="completions_csv"),
    path("<id:course_id>/completions.csv", completions_csv, name="course_completions_csv"),
]
