"""Organizers' screens: volunteers (list, filters, consent-aware export, history), partners and
the partner list import. Mentoring registers its own screens (recruitment/mentoring)."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, CharField, F, Value, When
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from portal.activities import Activity
from portal.audit import audit_export, register
from portal.text import StorableTextViewSetMixin
from recruitment import selectors, services
from recruitment.admin_views import demographics_view, partner_import_view
from recruitment.forms import ApplicationStatusForm
from recruitment.models import Consent, InternshipApplication, Language, Partner, Volunteer
from recruitment.services.internships import APPLICATION_MOVE

# Spreadsheet apps run cells that start with these as formulas; names come from the public.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Volunteers change their own profiles; organizers look, filter and export."""

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete"}:
            return False
        return super().user_has_permission(user, action)


register_permission_policy(Volunteer, ReadOnlyPolicy(Volunteer))
register_permission_policy(InternshipApplication, ReadOnlyPolicy(InternshipApplication))


class VolunteerFilterSet(WagtailFilterSet):
    interest = django_filters.ChoiceFilter(
        label=_("Interest"), choices=Activity.choices, field_name="interests__activity"
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=Language.choices, field_name="languages__language"
    )
    postal_code = django_filters.CharFilter(
        label=_("ZIP/postal code starts with"), field_name="postal_code", lookup_expr="istartswith"
    )
    source = django_filters.CharFilter(
        label=_("Source (UTM source)"), field_name="signups__utm_source", lookup_expr="iexact"
    )
    partner = django_filters.ModelChoiceFilter(
        label=_("Partner"), queryset=Partner.objects.all(), field_name="signups__partner"
    )
    shareable_with = django_filters.ModelChoiceFilter(
        label=_("Agreed to be shared with partner"),
        queryset=Partner.objects.all(),
        method="filter_shareable_with",
    )
    consent = django_filters.ChoiceFilter(
        label=_("Consent given"), choices=Consent.Channel.choices, method="filter_consent"
    )
    joined = django_filters.DateFromToRangeFilter(
        label=_("Joined"), field_name="created_at", widget=DateRangePickerWidget
    )

    class Meta:
        model = Volunteer
        fields = []

    def filter_queryset(self, queryset):
        # Filters across sign-ups, interests and languages join to many rows per person.
        return super().filter_queryset(queryset).distinct()

    def filter_shareable_with(self, queryset, name, value):
        return selectors.shareable_with_partner(queryset, partner=value)

    def filter_consent(self, queryset, name, value):
        return selectors.with_consent(queryset, channel=value)


class VolunteerIndexView(IndexView):
    def get_base_queryset(self):
        # Exported contact details respect consent: an address or number appears only for people
        # who confirmed their email and whose latest choice for that channel is yes.
        confirmed = {"confirmed_at__isnull": False, "user__isnull": False}
        return (
            super()
            .get_base_queryset()
            .select_related("user")
            .annotate(
                consent_email=selectors.latest_consent(channel=Consent.Channel.EMAIL),
                consent_sms=selectors.latest_consent(channel=Consent.Channel.SMS),
            )
            .annotate(
                export_email=Case(
                    When(consent_email=True, **confirmed, then=F("user__email")),
                    default=Value(""),
                    output_field=CharField(),
                ),
                export_phone=Case(
                    When(consent_sms=True, **confirmed, then=F("phone")),
                    default=Value(""),
                    output_field=CharField(),
                ),
                export_given_name=Coalesce(F("user__first_name"), Value("")),
                export_family_name=Coalesce(F("user__last_name"), Value("")),
            )
        )

    def as_spreadsheet(self, queryset, spreadsheet_format):
        audit_export(user=self.request.user, export="volunteers", rows=queryset.count())
        return super().as_spreadsheet(queryset, spreadsheet_format)

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        # Phone numbers are validated E.164, which always starts with "+".
        if (
            field != "export_phone"
            and isinstance(value, str)
            and value.startswith(FORMULA_PREFIXES)
        ):
            return "'" + value
        return value


class VolunteerInspectView(InspectView):
    template_name = "recruitment/admin/volunteer_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        volunteer = self.object
        context.update(
            {
                "volunteer": volunteer,
                "interests": [i.get_activity_display() for i in volunteer.interests.all()],
                "languages": [lang.get_language_display() for lang in volunteer.languages.all()],
                "signups": volunteer.signups.select_related("partner", "referred_by__user"),
                "consents": volunteer.consents.select_related("partner").order_by(
                    "-created_at", "-pk"
                ),
                "consent_state": [
                    (Consent.Channel(channel).label, given)
                    for channel, given in selectors.consent_state(volunteer=volunteer).items()
                ],
                "recruit_count": selectors.recruit_count(volunteer=volunteer),
            }
        )
        return context

    def get_fields(self):
        return []


class VolunteerViewSet(StorableTextViewSetMixin, ModelViewSet):
    model = Volunteer
    icon = "group"
    menu_label = _("Volunteers")
    index_view_class = VolunteerIndexView
    inspect_view_class = VolunteerInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["__str__", "email", "postal_code", "created_at", "confirmed_at"]
    filterset_class = VolunteerFilterSet
    search_fields = ["user__first_name", "user__last_name", "user__email", "postal_code"]
    search_backend_name = None
    list_export = [
        "export_given_name",
        "export_family_name",
        "export_email",
        "export_phone",
        "postal_code",
        "preferred_language",
        "created_at",
        "confirmed_at",
    ]
    export_headings = {
        "export_given_name": _("Given name"),
        "export_family_name": _("Family name"),
        "export_email": _("Email (if they agreed to email)"),
        "export_phone": _("Mobile phone (if they agreed to texts)"),
    }
    export_filename = "volunteers"
    form_fields = ["postal_code"]


class PartnerViewSet(StorableTextViewSetMixin, ModelViewSet):
    model = Partner
    icon = "site"
    menu_label = _("Partner organizations")
    list_display = ["name", "signup_path", "contact_email", "created_at"]
    search_fields = ["name", "slug"]
    search_backend_name = None
    form_fields = ["name", "slug", "contact_email", "notes"]
    copy_view_enabled = False


class ApplicationInspectView(InspectView):
    template_name = "recruitment/admin/application_inspect.html"

    def get_fields(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        context["application"] = application
        if application.next_statuses() and self.request.user.has_perm(
            "recruitment.change_internshipapplication"
        ):
            context["status_form"] = ApplicationStatusForm(application=application)
        return context


class ApplicationViewSet(StorableTextViewSetMixin, ModelViewSet):
    model = InternshipApplication
    icon = "doc-full"
    menu_label = _("Internship applications")
    inspect_view_class = ApplicationInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["applicant_name", "page", "status", "created_at"]
    list_filter = ["status", "page"]
    search_fields = ["given_name", "family_name", "email"]
    search_backend_name = None
    form_fields = ["status"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("status/<id:pk>/", self.status_view, name="status"),
            path("resume/<id:pk>/", self.resume_view, name="resume"),
        ]

    def status_view(self, request, pk):
        """Moves an application along the pipeline; the service emails the applicant."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.has_perm("recruitment.change_internshipapplication"):
            raise PermissionDenied
        application = get_object_or_404(InternshipApplication, pk=pk)
        form = ApplicationStatusForm(request.POST, application=application)
        if form.is_valid():
            services.application_set_status(
                application=application, status=form.cleaned_data["status"], by=request.user
            )
            messages.success(
                request,
                _("Moved to %(status)s; the applicant was emailed.")
                % {"status": InternshipApplication.Status(form.cleaned_data["status"]).label},
            )
        else:
            messages.error(request, _("That status change is not possible from here."))
        return redirect(self.get_url_name("inspect"), pk)

    def resume_view(self, request, pk):
        if not request.user.has_perm("recruitment.view_internshipapplication"):
            raise PermissionDenied
        application = get_object_or_404(InternshipApplication, pk=pk)
        try:
            handle = application.resume.open("rb")
        except (FileNotFoundError, ValueError) as error:
            raise Http404 from error
        return FileResponse(
            handle,
            as_attachment=True,
            filename=f"resume-{application.pk}.pdf",
            content_type="application/pdf",
        )


class RecruitmentGroup(ModelViewSetGroup):
    menu_label = _("Recruitment")
    menu_icon = "group"
    menu_order = 250
    items = (
        VolunteerViewSet("volunteers"),
        PartnerViewSet("partners"),
        ApplicationViewSet("internship_applications"),
    )


@hooks.register("register_admin_viewset")
def register_recruitment_viewsets():
    return RecruitmentGroup()


@hooks.register("register_log_actions")
def register_recruitment_log_actions(actions):
    register(
        actions,
        APPLICATION_MOVE,
        _("Move internship application"),
        _("Application moved from %(from)s to %(to)s"),
    )


@hooks.register("register_admin_urls")
def register_recruitment_urls():
    return [
        path("recruitment/import/", partner_import_view, name="recruitment_partner_import"),
        path("recruitment/demographics/", demographics_view, name="recruitment_demographics"),
    ]


class DemographicsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("recruitment.view_volunteer")


@hooks.register("register_admin_menu_item")
def register_demographics_menu_item():
    return DemographicsMenuItem(
        _("Volunteer demographics"),
        reverse("recruitment_demographics"),
        icon_name="table",
        order=252,
    )


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("recruitment.add_partner")


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Import a partner's list"),
        reverse("recruitment_partner_import"),
        icon_name="upload",
        order=251,
    )
