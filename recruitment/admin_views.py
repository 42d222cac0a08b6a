"""Organizers' stand-alone admin screens: the partner list import and the demographics report.
Registered by recruitment/wagtail_hooks.py, which keeps the viewsets and menus."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from recruitment import selectors, services
from recruitment.forms import PartnerImportForm


def partner_import_view(request):
    if not request.user.has_perm("recruitment.add_partner"):
        raise PermissionDenied
    results = None
    status = 200
    if request.method == "POST":
        form = PartnerImportForm(request.POST, request.FILES)
        if form.is_valid():
            results = services.partner_import(
                partner=form.cleaned_data["partner"],
                rows=form.cleaned_data["file"],
                send_confirmation=form.cleaned_data["send_confirmation"],
            )
        else:
            status = 400
    else:
        form = PartnerImportForm()
    summary = None
    if results is not None:
        summary = {
            key: sum(1 for result in results if result.status == key)
            for key in ("created", "matched_email", "matched_phone", "error")
        }
    return render(
        request,
        "recruitment/admin/partner_import.html",
        {"form": form, "results": results, "summary": summary},
        status=status,
    )


def demographics_view(request):
    if not request.user.has_perm("recruitment.view_volunteer"):
        raise PermissionDenied
    return render(
        request,
        "recruitment/admin/demographics.html",
        {"report": selectors.selfid_report(), "minimum": selectors.MIN_GROUP_SIZE},
    )
