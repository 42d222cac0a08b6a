"""Admin: the Training menu with qualifications, their holders (and granting by hand), and
course statistics with completions as CSV."""

from datetime import datetime, time

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, DeleteView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.audit import register
from portal.text import StorableTextMixin
from training import admin_views, services
from training.models import Qualification, QualificationGrant
from training.roles import may_see_reports

# --- Qualifications (snippet) -----------------------------------------------------------


class QualificationViewSet(SnippetViewSet):
    model = Qualification
    icon = "success"
    menu_label = _("Qualifications")
    list_display = [
        "name",
        "validity_months",
        Column("event_type_labels", label=_("Required for")),
    ]
    search_fields = ["name"]
    search_backend_name = None


# --- Holders, and granting by hand --------------------------------------------------------


class GrantPolicy(ModelPermissionPolicy):
    """Grants are history: added (through the service) or removed, never edited."""

    def user_has_permission(self, user, action):
        return action != "change" and super().user_has_permission(user, action)


register_permission_policy(QualificationGrant, GrantPolicy(QualificationGrant))


class GrantByHandForm(StorableTextMixin, WagtailAdminModelForm):
    email = forms.EmailField(
        label=_("Volunteer's email"),
        max_length=254,
        help_text=_("The email address they use with us."),
    )
    trained_on = forms.DateField(
        label=_("Trained on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for today. Any expiry is counted from this day."),
    )

    class Meta:
        model = QualificationGrant
        fields = ["qualification", "note"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(
                _("Nobody uses that email address with us. Ask them to sign up first.")
            )
        self.volunteer = user
        return email

    def clean_trained_on(self):
        day = self.cleaned_data.get("trained_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The training day cannot be in the future."))
        return day


class GrantCreateView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        granted_at = None
        if data.get("trained_on"):
            granted_at = timezone.make_aware(datetime.combine(data["trained_on"], time(12, 0)))
        return services.qualification_grant(
            user=self.form.volunteer,
            qualification=data["qualification"],
            granted_by=self.request.user,
            granted_at=granted_at,
            note=data.get("note", ""),
        )

    def get_success_message(self, instance):
        return _("%(name)s now holds “%(qualification)s”.") % {
            "name": instance.user,
            "qualification": instance.qualification,
        }


class GrantDeleteView(DeleteView):
    def delete_action(self):
        services.qualification_grant_remove(grant=self.object, by=self.request.user)


class GrantFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("valid", _("Valid now")), ("expired", _("Expired"))],
        method="filter_status",
        empty_label=_("Any"),
    )

    class Meta:
        model = QualificationGrant
        fields = ["qualification"]

    def filter_status(self, queryset, name, value):
        return queryset.valid() if value == "valid" else queryset.expired()


class QualificationGrantViewSet(ModelViewSet):
    model = QualificationGrant
    icon = "user"
    menu_label = _("Qualification holders")
    add_view_class = GrantCreateView
    delete_view_class = GrantDeleteView
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "user",
        "qualification",
        "granted_at",
        "expires_at",
        Column("source_label", label=_("Source")),
    ]
    filterset_class = GrantFilterSet
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    search_backend_name = None
    url_prefix = "training/holders"
    name = "qualification_holders"

    def get_form_class(self, for_update=False):
        return GrantByHandForm

    def get_queryset(self, request):
        return QualificationGrant.objects.select_related(
            "user", "qualification", "course", "granted_by"
        )


# --- Course statistics --------------------------------------------------------------------


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_reports(request.user)


class CourseStatsViewSet(ViewSet):
    icon = "doc-full-inverse"
    menu_label = _("Course statistics")
    menu_item_class = ReportsMenuItem
    url_prefix = "training/stats"
    name = "training_stats"

    def get_urlpatterns(self):
        return admin_views.urlpatterns

    @property
    def menu_url(self):
        return reverse("training_stats:index")


class TrainingViewSetGroup(ViewSetGroup):
    menu_label = _("Training")
    menu_icon = "doc-full-inverse"
    menu_order = 240
    items = (QualificationViewSet, QualificationGrantViewSet, CourseStatsViewSet)


register_snippet(TrainingViewSetGroup)


@hooks.register("register_log_actions")
def register_training_log_actions(actions):
    register(
        actions,
        services.QUALIFICATION_GRANT,
        _("Grant qualification"),
        _("Qualification granted by hand"),
    )
    register(
        actions,
        services.QUALIFICATION_REVOKE,
        _("Revoke qualification"),
        _("Qualification taken back"),
    )
