"""Role × route matrix: every route of the URL configuration, requested with GET by each role of
DESIGN.md's table, answers as DECISIONS says (issue 13, item 5).

The routes are read from the URL configuration itself, so a new route without a line in
DECISIONS fails `test_every_route_has_a_decision`, naming it. Writes are tested elsewhere.

Outcome classes (one per role, asserted exactly):
  OK     200, or the route's normal answer for GET (e.g. 405 on a POST-only endpoint it may use)
  LOGIN  302 to a login page
  AWAY   302 elsewhere (Wagtail's "Sorry, you do not have permission…" back to the dashboard)
  DENIED 403
  GONE   404 (the record is not theirs to know about)
"""

import re
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from tests.portal.route_matrix_world import ROLES, build

LOGIN_PATHS = ("/admin/login/", "/accounts/login/", "/_util/login/")


def _routes():
    """(pattern, namespaced name) for every route, in resolution order, without shadowed ones."""
    found = {}

    def walk(resolver, prefix, namespace):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                pattern = prefix + str(entry.pattern)
                name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
                found.setdefault(pattern, name)

    walk(get_resolver(), "", "")
    return found


ROUTES = _routes()


@dataclass(frozen=True)
class Rule:
    anonymous: str
    volunteer: str
    intern_assigned: str
    intern_other: str
    organizer: str
    admin: str
    ok: int = 200

    def expected(self, role):
        return getattr(self, role)


def outcome(response, ok: int) -> str:
    code = response.status_code
    if code == ok or (ok == 200 and code in (200, 204)):
        return "OK"
    if code in (301, 302):
        target = response["Location"]
        return "LOGIN" if any(p in target for p in LOGIN_PATHS) else "AWAY"
    return {403: "DENIED", 404: "GONE", 405: "METHOD", 400: "BAD"}.get(code, str(code))


CONVERTER = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")


def path_for(pattern: str, name: str | None, world, role: str) -> str:
    values = world.other_values if role == "intern_other" else world.values
    if pattern in SAMPLE_PATHS:
        return SAMPLE_PATHS[pattern](world, values)
    namespace = (name or "").split(":")[0]

    def fill(match):
        kwarg = match.group("name")
        if kwarg == "pk" or kwarg in ("id",):
            return str(world.pks.get(namespace, world.pks.get(name, 999999)))
        if kwarg == "token":
            return world.tokens.get(name, "not-a-token")
        if kwarg in ("page_id", "parent_page_id") and namespace == "newsletters_admin":
            return str(world.newsletter_id)
        return str(values.get(kwarg, 999999))

    return "/" + CONVERTER.sub(fill, pattern)


SAMPLE_PATHS = {
    "admin/pages/^(?P<pk>\\d+)/revisions/compare/(?P<revision_id_a>live|earliest|\\d+)\\.\\.\\."
    "(?P<revision_id_b>live|latest|\\d+)/$": lambda world, values: (
        f"/admin/pages/{values['page_id']}/revisions/compare/earliest...live/"
    ),
    "admin/^.*/$": lambda world, values: "/admin/no-such-screen/",
    "^api/": lambda world, values: "/api/v1/no-such-thing",
    "documents/^(\\d+)/(.*)$": lambda world, values: "/documents/999999/missing.pdf",
    "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": lambda world, values: (
        "/accounts/confirm-email/not-a-key/"
    ),
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": lambda world, values: (
        "/accounts/password/reset/key/1-not-a-key/"
    ),
    # Wagtail's page tree: an event page
    "^((?:[\\w\\-]+/)*)$": lambda world, values: world.event_url,
}


# Presets for the rows below: (anonymous, volunteer, intern on an assigned event, intern on
# another event, organizer, administrator).
PUBLIC = Rule("OK", "OK", "OK", "OK", "OK", "OK")
PUBLIC_POST_ONLY = Rule("METHOD", "METHOD", "METHOD", "METHOD", "METHOD", "METHOD")
NOT_FOUND_FOR_ALL = Rule("GONE", "GONE", "GONE", "GONE", "GONE", "GONE")
SIGNED_IN = Rule("LOGIN", "OK", "OK", "OK", "OK", "OK")
# /me/ screens that need a volunteer profile (staff accounts in the matrix have none)
VOLUNTEER_PROFILE = Rule("LOGIN", "OK", "GONE", "GONE", "GONE", "GONE")
VOLUNTEER_SCREEN = Rule("LOGIN", "OK", "AWAY", "AWAY", "AWAY", "AWAY")
VOLUNTEER_POST_ONLY = Rule("LOGIN", "METHOD", "METHOD", "METHOD", "METHOD", "METHOD")
# Anyone Wagtail lets into the admin (interns too): choosers, account, dashboard
ADMIN_ACCESS = Rule("LOGIN", "LOGIN", "OK", "OK", "OK", "OK")
ADMIN_POST_ONLY = Rule("LOGIN", "LOGIN", "METHOD", "METHOD", "METHOD", "METHOD")
# Wagtail's admin screens whose record the matrix does not make (images, revisions…): no one
# with admin access gets further than "not found"; everyone else is sent to log in.
ADMIN_NO_SUCH_RECORD = Rule("LOGIN", "LOGIN", "GONE", "GONE", "GONE", "GONE")
# Organizers' areas (DESIGN.md "Roles"); interns are sent back to the dashboard…
ORGANIZERS = Rule("LOGIN", "LOGIN", "AWAY", "AWAY", "OK", "OK")
ORGANIZERS_POST_ONLY = Rule("LOGIN", "LOGIN", "AWAY", "AWAY", "METHOD", "METHOD")
# …or refused outright (insights, course statistics)
ORGANIZERS_403 = Rule("LOGIN", "LOGIN", "DENIED", "DENIED", "OK", "OK")
# Check-in desk of one event: organizers, and interns assigned to that event; to an intern any
# other event's desk is not found (issue 15: refused outright, and its existence not told)
DESK_EVENT = Rule("LOGIN", "LOGIN", "OK", "GONE", "OK", "OK")
# Signed links whose token is broken: a page that says so, with 400
BAD_LINK = Rule("BAD", "BAD", "BAD", "BAD", "BAD", "BAD")
# Users, groups, sites, locales, settings, API keys, redirects, workflows: administrators only
ADMINISTRATORS = Rule("LOGIN", "LOGIN", "AWAY", "AWAY", "AWAY", "OK")
# Screens no role reaches with GET (forms of read-only models; adding a page needs a parent)
NOBODY_BY_GET = Rule("LOGIN", "LOGIN", "AWAY", "AWAY", "AWAY", "AWAY")
# Second-factor screens that change something or need a record the matrix does not make
MFA_CHANGE = Rule("LOGIN", "AWAY", "AWAY", "AWAY", "AWAY", "AWAY")
MFA_NO_RECORD = Rule("LOGIN", "GONE", "GONE", "GONE", "GONE", "GONE")
# Organizers' screens about a record the matrix does not make (a translation, site texts)
TRANSLATORS_NO_RECORD = Rule("LOGIN", "LOGIN", "AWAY", "AWAY", "GONE", "GONE")
# The insights API takes API keys, not sessions
API_KEY_ONLY = Rule("401", "401", "401", "401", "401", "401")
# The events API refuses a missing key with 403, as Mobilize's documentation says
API_KEY_403 = Rule("DENIED", "DENIED", "DENIED", "DENIED", "DENIED", "DENIED")

DECISIONS: dict[str, Rule] = {
    "healthz": PUBLIC,
    # Points to the static icon file, for browsers and crawlers that ask for it by this name.
    "favicon.ico": Rule("AWAY", "AWAY", "AWAY", "AWAY", "AWAY", "AWAY"),
    "api/v1/insights/": API_KEY_ONLY,
    "api/v1/insights/<slug:section>": API_KEY_ONLY,
    "api/v1/events": PUBLIC,
    # Any other path under /api/: a JSON 404, never an HTML page or a slash redirect.
    "^api/": NOT_FOUND_FOR_ALL,
    "api/v1/events/<id:event_id>": PUBLIC,
    "api/v1/events/<id:event_id>/attendances": PUBLIC_POST_ONLY,
    # The events API (Mobilize API v1): sessions play no part; reading is open, sign-ups,
    # people and promoted organizations need a key (403 without one, as Mobilize documents).
    "api/v1/openapi.json": PUBLIC,
    "api/v1/docs": PUBLIC,
    "api/v1/": NOT_FOUND_FOR_ALL,
    "api/v1/organizations": PUBLIC,
    "api/v1/organizations/<id:organization_id>": PUBLIC,
    "api/v1/organizations/<id:organization_id>/promoted_organizations": API_KEY_403,
    "api/v1/events/deleted": PUBLIC,
    "api/v1/organizations/<id:organization_id>/events": PUBLIC,
    "api/v1/organizations/<id:organization_id>/events/deleted": PUBLIC,
    "api/v1/organizations/<id:organization_id>/events/<id:event_id>": PUBLIC,
    "api/v1/organizations/<id:organization_id>/attendances": API_KEY_403,
    "api/v1/organizations/<id:organization_id>/events/<id:event_id>/attendances": API_KEY_403,
    "api/v1/organizations/<id:organization_id>/people": API_KEY_403,
    "admin/": ADMIN_ACCESS,
    "admin/test404/": ADMIN_ACCESS,
    "admin/api/main/^pages/": ADMIN_NO_SUCH_RECORD,
    "admin/api/main/^pages/<int:pk>/": ADMIN_NO_SUCH_RECORD,
    "admin/api/main/^pages/find/": ADMIN_NO_SUCH_RECORD,
    "admin/api/main/^pages/<int:pk>/action/<str:action_name>/": ADMIN_NO_SUCH_RECORD,
    "admin/api/main/^documents/": ADMIN_NO_SUCH_RECORD,
    "admin/api/main/^documents/<int:pk>/": ADMIN_NO_SUCH_RECORD,
    "admin/api/main/^documents/find/": ADMIN_NO_SUCH_RECORD,
    "admin/api/main/^images/": ADMIN_NO_SUCH_RECORD,
    "admin/api/main/^images/<int:pk>/": ADMIN_NO_SUCH_RECORD,
    "admin/api/main/^images/find/": ADMIN_NO_SUCH_RECORD,
    "admin/failwhale/": Rule("LOGIN", "LOGIN", "ERROR", "ERROR", "ERROR", "ERROR"),
    "admin/pages/": ORGANIZERS,
    "admin/pages/<int:parent_page_id>/": ORGANIZERS,
    "admin/pages/<int:parent_page_id>/results/": ORGANIZERS,
    "admin/bulk/<str:app_label>/<str:model_name>/<str:action>/": ADMIN_NO_SUCH_RECORD,
    "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/": NOBODY_BY_GET,
    "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/preview/": NOBODY_BY_GET,
    "admin/pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/": ORGANIZERS,
    "admin/pages/create/<slug:app_label>/<slug:model_name>": ADMIN_NO_SUCH_RECORD,
    "admin/pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/results/": ORGANIZERS,
    "admin/pages/<int:page_id>/usage/": ORGANIZERS,
    "admin/pages/<int:page_id>/edit/": ORGANIZERS,
    "admin/pages/<int:page_id>/edit/preview/": ORGANIZERS,
    "admin/pages/<int:page_id>/view_draft/": ORGANIZERS,
    "admin/pages/<int:parent_page_id>/add_subpage/": NOBODY_BY_GET,
    "admin/pages/<int:page_id>/delete/": ORGANIZERS,
    "admin/pages/<int:page_id>/unpublish/": ORGANIZERS,
    "admin/pages/<int:page_id>/convert_alias/": ADMIN_NO_SUCH_RECORD,
    "admin/pages/search/": ORGANIZERS,
    "admin/pages/search/results/": ORGANIZERS,
    "admin/pages/<int:page_to_move_id>/move/": ORGANIZERS,
    "admin/pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/": ADMIN_ACCESS,
    "admin/pages/<int:page_to_move_id>/set_position/": ADMIN_POST_ONLY,
    "admin/pages/<int:page_id>/copy/": ORGANIZERS,
    "admin/pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/": ADMIN_NO_SUCH_RECORD,
    "admin/pages/workflow/collect_action_data/<int:page_id>/<slug:action_name>/<int:task_state_id>/": ADMIN_NO_SUCH_RECORD,
    "admin/pages/workflow/confirm_cancellation/<int:page_id>/": ADMIN_ACCESS,
    "admin/pages/workflow/preview/<int:page_id>/<int:task_id>/": ADMIN_NO_SUCH_RECORD,
    "admin/pages/<int:page_id>/privacy/": ORGANIZERS,
    "admin/pages/<int:page_id>/lock/": ADMIN_POST_ONLY,
    "admin/pages/<int:page_id>/unlock/": ADMIN_POST_ONLY,
    "admin/pages/<int:page_id>/revisions/": NOBODY_BY_GET,
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/view/": Rule(
        "LOGIN", "LOGIN", "AWAY", "AWAY", "GONE", "GONE"
    ),
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/revert/": ADMIN_NO_SUCH_RECORD,
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/unschedule/": Rule(
        "LOGIN", "LOGIN", "AWAY", "AWAY", "GONE", "GONE"
    ),
    "admin/pages/^(?P<pk>\\d+)/revisions/compare/(?P<revision_id_a>live|earliest|\\d+)\\.\\.\\.(?P<revision_id_b>live|latest|\\d+)/$": ORGANIZERS,
    "admin/pages/<int:page_id>/workflow_history/": ORGANIZERS,
    "admin/pages/<int:page_id>/workflow_history/detail/<int:workflow_state_id>/": Rule(
        "LOGIN", "LOGIN", "AWAY", "AWAY", "GONE", "GONE"
    ),
    "admin/pages/<int:page_id>/history/": ORGANIZERS,
    "admin/pages/<int:page_id>/history/results/": ORGANIZERS,
    "admin/choose-page/": ADMIN_ACCESS,
    "admin/choose-page/<int:parent_page_id>/": ADMIN_ACCESS,
    "admin/choose-page/search/": ADMIN_ACCESS,
    "admin/choose-page/chosen-multiple/": ADMIN_ACCESS,
    "admin/choose-external-link/": ADMIN_ACCESS,
    "admin/choose-email-link/": ADMIN_ACCESS,
    "admin/choose-phone-link/": ADMIN_ACCESS,
    "admin/choose-anchor-link/": ADMIN_ACCESS,
    "admin/tag-autocomplete/": ADMIN_ACCESS,
    "admin/tag-autocomplete/<slug:app_name>/<slug:model_name>/": ADMIN_NO_SUCH_RECORD,
    "admin/collections/": ADMINISTRATORS,
    "admin/collections/add/": ADMINISTRATORS,
    "admin/collections/<int:pk>/": Rule("LOGIN", "LOGIN", "AWAY", "AWAY", "AWAY", "GONE"),
    "admin/collections/<int:pk>/delete/": ADMIN_NO_SUCH_RECORD,
    "admin/collections/<int:collection_id>/privacy/": ADMIN_NO_SUCH_RECORD,
    "admin/workflows/list/": ADMINISTRATORS,
    "admin/workflows/list/results/": ADMINISTRATORS,
    "admin/workflows/add/": ADMINISTRATORS,
    "admin/workflows/enable/<int:pk>/": ADMIN_POST_ONLY,
    "admin/workflows/disable/<int:pk>/": ADMINISTRATORS,
    "admin/workflows/edit/<int:pk>/": ADMINISTRATORS,
    "admin/workflows/usage/<int:pk>/": ADMINISTRATORS,
    "admin/workflows/usage/<int:pk>/results/": ADMINISTRATORS,
    "admin/workflows/remove/<int:page_pk>/": ADMIN_POST_ONLY,
    "admin/workflows/remove/<int:page_pk>/<int:workflow_pk>/": ADMIN_POST_ONLY,
    "admin/workflows/tasks/add/<str:app_label>/<str:model_name>/": ADMIN_NO_SUCH_RECORD,
    "admin/workflows/tasks/select_type/": NOBODY_BY_GET,
    "admin/workflows/tasks/index/": ADMINISTRATORS,
    "admin/workflows/tasks/index/results/": ADMINISTRATORS,
    "admin/workflows/tasks/edit/<int:pk>/": ADMINISTRATORS,
    "admin/workflows/tasks/disable/<int:pk>/": ADMINISTRATORS,
    "admin/workflows/tasks/enable/<int:pk>/": ADMIN_POST_ONLY,
    "admin/workflows/task_chooser/": ADMIN_ACCESS,
    "admin/workflows/task_chooser/results/": ADMIN_ACCESS,
    "admin/workflows/task_chooser/create/": ADMIN_ACCESS,
    "admin/workflows/task_chooser/<int:task_id>/": ADMIN_NO_SUCH_RECORD,
    "admin/reports/locked/": ORGANIZERS,
    "admin/reports/locked/results/": ORGANIZERS,
    "admin/reports/workflow/": ORGANIZERS,
    "admin/reports/workflow/results/": ORGANIZERS,
    "admin/reports/workflow_tasks/": ORGANIZERS,
    "admin/reports/workflow_tasks/results/": ORGANIZERS,
    "admin/reports/site-history/": ADMIN_ACCESS,
    "admin/reports/site-history/results/": ADMIN_ACCESS,
    "admin/reports/aging-pages/": ORGANIZERS,
    "admin/reports/aging-pages/results/": ORGANIZERS,
    "admin/reports/page-types-usage/": ORGANIZERS,
    "admin/reports/page-types-usage/results/": ORGANIZERS,
    "admin/account/": ADMIN_ACCESS,
    "admin/logout/": ADMIN_POST_ONLY,
    "admin/dismissibles/": ADMIN_ACCESS,
    "admin/editing-sessions/ping/<str:app_label>/<str:model_name>/<str:object_id>/<int:session_id>/": ADMIN_POST_ONLY,
    "admin/editing-sessions/release/<int:session_id>/": ADMIN_POST_ONLY,
    "admin/block-preview/": ADMIN_NO_SUCH_RECORD,
    "admin/insights/": ORGANIZERS_403,
    "admin/insights/csv/<slug:table_key>.csv": ORGANIZERS_403,
    "admin/insights/lapsing.csv": ORGANIZERS_403,
    "admin/newsletters/": ORGANIZERS,
    "admin/newsletters/<id:page_id>/": ORGANIZERS,
    "admin/newsletters/<id:page_id>/progress.json": ORGANIZERS,
    "admin/newsletters/<id:page_id>/test/": ADMIN_POST_ONLY,
    "admin/newsletters/<id:page_id>/schedule/": ADMIN_POST_ONLY,
    "admin/newsletters/<id:page_id>/pause/": ADMIN_POST_ONLY,
    "admin/newsletters/<id:page_id>/resume/": ADMIN_POST_ONLY,
    "admin/newsletters/<id:page_id>/cancel/": ADMIN_POST_ONLY,
    "admin/newsletters/<id:page_id>/resend-unknown/": ADMIN_POST_ONLY,
    "admin/shoutout-review/<id:pk>/approve/": ORGANIZERS_POST_ONLY,
    "admin/shoutout-review/<id:pk>/decline/": ORGANIZERS_POST_ONLY,
    "admin/recruitment/import/": ORGANIZERS,
    "admin/recruitment/demographics/": ORGANIZERS,
    "admin/mentoring/": ORGANIZERS,
    "admin/mentoring/pairs/<id:pair_id>/end/": ORGANIZERS_POST_ONLY,
    "admin/mentoring/mentors/": ORGANIZERS,
    "admin/mentoring/mentors/<id:profile_id>/status/": ORGANIZERS_POST_ONLY,
    "admin/mentoring/requests/": ORGANIZERS,
    "admin/mentoring/matching/": ORGANIZERS,
    "admin/mentoring/matching/action/": ORGANIZERS_POST_ONLY,
    "admin/checkin/": ADMIN_ACCESS,
    "admin/checkin/<id:event_id>/": DESK_EVENT,
    "admin/checkin/<id:event_id>/rsvp/<id:rsvp_id>/": ADMIN_POST_ONLY,
    "admin/checkin/<id:event_id>/shift/<id:shift_id>/walk-in/": ADMIN_POST_ONLY,
    "admin/checkin/<id:event_id>/shift/<id:shift_id>/report/": ADMIN_POST_ONLY,
    "admin/checkin/<id:event_id>/export.csv": DESK_EVENT,
    "admin/checkin/<id:event_id>/shift/<id:shift_id>/scan/": ADMIN_POST_ONLY,
    "admin/checkin/<id:event_id>/shift/<id:shift_id>/poster.png": DESK_EVENT,
    # Resending emails of unknown outcome may mail someone twice: organizers only, never interns
    # (and to an intern another event's desk is not found before that is asked).
    "admin/checkin/<id:event_id>/resend-unknown/": Rule(
        "LOGIN", "LOGIN", "AWAY", "GONE", "OK", "OK"
    ),
    # Texting a shift's people: organizers only (interns run check-in, they do not message).
    "admin/shift-texts/<id:shift_id>/": ORGANIZERS,
    # Messages to an event's people: organizers; its host and interns only where the event
    # allows it (off in this world).
    "admin/event-messages/<id:event_id>/": ORGANIZERS,
    # Adding a recurring series publishes the event: those who may publish it (issue 19)
    "admin/events-series/<id:event_id>/": ORGANIZERS,
    "admin/forms/": ORGANIZERS,
    "admin/forms/results/": ORGANIZERS,
    "admin/forms/submissions/<int:page_id>/": ADMIN_NO_SUCH_RECORD,
    "admin/forms/submissions/<int:page_id>/results/": ADMIN_NO_SUCH_RECORD,
    "admin/forms/submissions/<int:page_id>/delete/": NOBODY_BY_GET,
    "admin/redirects/": ADMINISTRATORS,
    "admin/redirects/results/": ADMINISTRATORS,
    "admin/redirects/add/": ADMINISTRATORS,
    "admin/redirects/<int:redirect_id>/": Rule("LOGIN", "LOGIN", "AWAY", "AWAY", "AWAY", "GONE"),
    "admin/redirects/<int:redirect_id>/delete/": ADMIN_NO_SUCH_RECORD,
    "admin/redirects/import/": ADMINISTRATORS,
    "admin/redirects/import/process/": Rule("LOGIN", "LOGIN", "AWAY", "AWAY", "AWAY", "METHOD"),
    "admin/settings/<slug:app_name>/<slug:model_name>/": NOBODY_BY_GET,
    "admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/": ADMIN_NO_SUCH_RECORD,
    "admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/preview/": ADMIN_NO_SUCH_RECORD,
    # wagtail-localize (issue 14): organizers translate; the matrix makes no translation record.
    "admin/localize/jsi18n/": ADMIN_ACCESS,
    "admin/localize/submit/page/<int:page_id>/": ORGANIZERS,
    "admin/localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/": TRANSLATORS_NO_RECORD,
    "admin/localize/update/<int:translation_source_id>/": TRANSLATORS_NO_RECORD,
    "admin/localize/translate/<int:translation_id>/strings/<int:string_segment_id>/edit/": ADMIN_POST_ONLY,
    "admin/localize/translate/<int:translation_id>/overrides/<int:overridable_segment_id>/edit/": ADMIN_POST_ONLY,
    "admin/localize/translate/<int:translation_id>/pofile/download/": ADMIN_NO_SUCH_RECORD,
    "admin/localize/translate/<int:translation_id>/pofile/upload/": ADMIN_POST_ONLY,
    "admin/localize/translate/<int:translation_id>/machine_translate/": ADMIN_POST_ONLY,
    "admin/localize/translate/<int:translation_id>/preview/": ADMIN_NO_SUCH_RECORD,
    "admin/localize/translate/<int:translation_id>/preview/<str:mode>/": ADMIN_NO_SUCH_RECORD,
    "admin/localize/translate/<int:translation_id>/disable/": ADMIN_POST_ONLY,
    "admin/localize/page/<int:page_id>/convert_to_alias/": TRANSLATORS_NO_RECORD,
    "admin/localize/reports/translations/": ADMIN_ACCESS,
    "admin/localize/reports/translations/results/": ADMIN_ACCESS,
    "admin/localize/api/snippets/<slug:app_label>/<slug:model_name>/": ADMIN_NO_SUCH_RECORD,
    "admin/localize/api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/": ADMIN_NO_SUCH_RECORD,
    "admin/locales/copy/<int:pk>/": ADMINISTRATORS,
    "admin/snippets/home/sitetexts/": ORGANIZERS,
    "admin/snippets/home/sitetexts/results/": ORGANIZERS,
    "admin/snippets/home/sitetexts/add/": ORGANIZERS,
    "admin/snippets/home/sitetexts/edit/<int:pk>/": ADMIN_NO_SUCH_RECORD,
    "admin/snippets/home/sitetexts/delete/<int:pk>/": ADMIN_NO_SUCH_RECORD,
    "admin/snippets/home/sitetexts/usage/<int:pk>/": ADMIN_NO_SUCH_RECORD,
    "admin/snippets/home/sitetexts/history/<int:pk>/": ADMIN_NO_SUCH_RECORD,
    "admin/snippets/home/sitetexts/history-results/<int:pk>/": ADMIN_NO_SUCH_RECORD,
    "admin/snippets/home/sitetexts/copy/<int:pk>/": ADMIN_NO_SUCH_RECORD,
    "admin/snippets/choose/home/sitetexts/": ADMIN_ACCESS,
    "admin/snippets/choose/home/sitetexts/results/": ADMIN_ACCESS,
    "admin/snippets/choose/home/sitetexts/chosen/<str:pk>/": ADMIN_NO_SUCH_RECORD,
    "admin/snippets/choose/home/sitetexts/chosen-multiple/": ADMIN_ACCESS,
    "admin/snippets/choose/home/sitetexts/create/": ORGANIZERS,
    "admin/embeds/chooser/": ADMIN_ACCESS,
    "admin/embeds/chooser/upload/": ADMIN_ACCESS,
    "admin/snippets/": ORGANIZERS,
    "admin/documents/": ORGANIZERS,
    "admin/documents/results/": ORGANIZERS,
    "admin/documents/add/": ORGANIZERS,
    "admin/documents/edit/<int:document_id>/": Rule(
        "LOGIN", "LOGIN", "AWAY", "AWAY", "GONE", "GONE"
    ),
    "admin/documents/delete/<int:document_id>/": ADMIN_NO_SUCH_RECORD,
    "admin/documents/multiple/add/": ORGANIZERS,
    "admin/documents/multiple/<int:doc_id>/": ADMIN_POST_ONLY,
    "admin/documents/multiple/create_from_uploaded_document/<int:uploaded_file_id>/": ADMIN_POST_ONLY,
    "admin/documents/multiple/<int:doc_id>/delete/": ADMIN_POST_ONLY,
    "admin/documents/multiple/delete_upload/<int:uploaded_file_id>/": ADMIN_POST_ONLY,
    "admin/documents/usage/<int:document_id>/": ADMIN_NO_SUCH_RECORD,
    "admin/images/": ORGANIZERS,
    "admin/images/results/": ORGANIZERS,
    "admin/images/<int:image_id>/": Rule("LOGIN", "LOGIN", "AWAY", "AWAY", "GONE", "GONE"),
    "admin/images/<int:image_id>/delete/": ADMIN_NO_SUCH_RECORD,
    "admin/images/<int:image_id>/generate_url/": ADMIN_NO_SUCH_RECORD,
    "admin/images/<int:image_id>/generate_url/output/": ADMIN_NO_SUCH_RECORD,
    "admin/images/<int:image_id>/preview/<str:filter_spec>/": ADMIN_NO_SUCH_RECORD,
    "admin/images/add/": ORGANIZERS,
    "admin/images/usage/<int:image_id>/": ADMIN_NO_SUCH_RECORD,
    "admin/images/multiple/add/": ORGANIZERS,
    "admin/images/multiple/<int:image_id>/": ADMIN_POST_ONLY,
    "admin/images/multiple/create_from_uploaded_image/<int:uploaded_file_id>/": ADMIN_POST_ONLY,
    "admin/images/multiple/<int:image_id>/delete/": ADMIN_POST_ONLY,
    "admin/images/multiple/delete_upload/<int:uploaded_file_id>/": ADMIN_POST_ONLY,
    "admin/snippets/home/office/": ORGANIZERS,
    "admin/snippets/home/office/results/": ORGANIZERS,
    "admin/snippets/home/office/add/": ORGANIZERS,
    "admin/snippets/home/office/edit/<int:pk>/": ORGANIZERS,
    "admin/snippets/home/office/delete/<int:pk>/": ORGANIZERS,
    "admin/snippets/home/office/usage/<int:pk>/": ORGANIZERS,
    "admin/snippets/home/office/history/<int:pk>/": ORGANIZERS,
    "admin/snippets/home/office/history-results/<int:pk>/": ORGANIZERS,
    "admin/snippets/home/office/copy/<int:pk>/": ORGANIZERS,
    "admin/snippets/choose/home/office/": ADMIN_ACCESS,
    "admin/snippets/choose/home/office/results/": ADMIN_ACCESS,
    "admin/snippets/choose/home/office/chosen/<str:pk>/": ADMIN_ACCESS,
    "admin/snippets/choose/home/office/chosen-multiple/": ADMIN_ACCESS,
    "admin/snippets/choose/home/office/create/": ORGANIZERS,
    "admin/snippets/training/qualification/": ORGANIZERS,
    "admin/snippets/training/qualification/results/": ORGANIZERS,
    "admin/snippets/training/qualification/add/": ORGANIZERS,
    "admin/snippets/training/qualification/edit/<int:pk>/": ORGANIZERS,
    "admin/snippets/training/qualification/delete/<int:pk>/": ORGANIZERS,
    "admin/snippets/training/qualification/usage/<int:pk>/": ORGANIZERS,
    "admin/snippets/training/qualification/history/<int:pk>/": ORGANIZERS,
    "admin/snippets/training/qualification/history-results/<int:pk>/": ORGANIZERS,
    "admin/snippets/training/qualification/copy/<int:pk>/": ORGANIZERS,
    "admin/snippets/choose/training/qualification/": ADMIN_ACCESS,
    "admin/snippets/choose/training/qualification/results/": ADMIN_ACCESS,
    "admin/snippets/choose/training/qualification/chosen/<str:pk>/": ADMIN_ACCESS,
    "admin/snippets/choose/training/qualification/chosen-multiple/": ADMIN_ACCESS,
    "admin/snippets/choose/training/qualification/create/": ORGANIZERS,
    "admin/training/holders/": ORGANIZERS,
    "admin/training/holders/results/": ORGANIZERS,
    "admin/training/holders/new/": ORGANIZERS,
    "admin/training/holders/edit/<int:pk>/": NOBODY_BY_GET,
    "admin/training/holders/delete/<int:pk>/": ORGANIZERS,
    "admin/training/holders/history/<int:pk>/": ORGANIZERS,
    "admin/training/holders/history-results/<int:pk>/": ORGANIZERS,
    "admin/training/holders/usage/<int:pk>/": NOBODY_BY_GET,
    "admin/training/holders/inspect/<int:pk>/": ORGANIZERS,
    "admin/training/stats/": ORGANIZERS_403,
    "admin/training/stats/<id:course_id>/": ORGANIZERS_403,
    "admin/training/stats/completions.csv": ORGANIZERS_403,
    "admin/training/stats/<id:course_id>/completions.csv": ORGANIZERS_403,
    "admin/shoutouts/": ORGANIZERS,
    "admin/shoutouts/results/": ORGANIZERS,
    "admin/shoutouts/new/": ORGANIZERS,
    "admin/shoutouts/edit/<int:pk>/": ORGANIZERS,
    "admin/shoutouts/delete/<int:pk>/": ORGANIZERS,
    "admin/shoutouts/history/<int:pk>/": ORGANIZERS,
    "admin/shoutouts/history-results/<int:pk>/": ORGANIZERS,
    "admin/shoutouts/usage/<int:pk>/": ORGANIZERS,
    "admin/shoutouts/copy/<int:pk>/": ORGANIZERS,
    "admin/suppressions/": ORGANIZERS,
    "admin/suppressions/results/": ORGANIZERS,
    "admin/suppressions/new/": ORGANIZERS,
    "admin/suppressions/edit/<int:pk>/": ADMINISTRATORS,
    "admin/suppressions/delete/<int:pk>/": ADMINISTRATORS,
    "admin/suppressions/history/<int:pk>/": ORGANIZERS,
    "admin/suppressions/history-results/<int:pk>/": ORGANIZERS,
    "admin/suppressions/usage/<int:pk>/": ADMINISTRATORS,
    "admin/suppressions/copy/<int:pk>/": ORGANIZERS,
    "admin/volunteers/": ORGANIZERS,
    "admin/volunteers/results/": ORGANIZERS,
    "admin/volunteers/new/": NOBODY_BY_GET,
    "admin/volunteers/edit/<int:pk>/": NOBODY_BY_GET,
    "admin/volunteers/delete/<int:pk>/": NOBODY_BY_GET,
    "admin/volunteers/history/<int:pk>/": NOBODY_BY_GET,
    "admin/volunteers/history-results/<int:pk>/": NOBODY_BY_GET,
    "admin/volunteers/usage/<int:pk>/": NOBODY_BY_GET,
    "admin/volunteers/inspect/<int:pk>/": ORGANIZERS,
    "admin/partners/": ORGANIZERS,
    "admin/partners/results/": ORGANIZERS,
    "admin/partners/new/": ORGANIZERS,
    "admin/partners/edit/<int:pk>/": ORGANIZERS,
    "admin/partners/delete/<int:pk>/": ORGANIZERS,
    "admin/partners/history/<int:pk>/": ORGANIZERS,
    "admin/partners/history-results/<int:pk>/": ORGANIZERS,
    "admin/partners/usage/<int:pk>/": ORGANIZERS,
    "admin/internship_applications/": ORGANIZERS,
    "admin/internship_applications/results/": ORGANIZERS,
    "admin/internship_applications/new/": NOBODY_BY_GET,
    "admin/internship_applications/edit/<int:pk>/": NOBODY_BY_GET,
    "admin/internship_applications/delete/<int:pk>/": NOBODY_BY_GET,
    "admin/internship_applications/history/<int:pk>/": NOBODY_BY_GET,
    "admin/internship_applications/history-results/<int:pk>/": NOBODY_BY_GET,
    "admin/internship_applications/usage/<int:pk>/": NOBODY_BY_GET,
    "admin/internship_applications/inspect/<int:pk>/": ORGANIZERS,
    "admin/internship_applications/status/<id:pk>/": ADMIN_POST_ONLY,
    "admin/internship_applications/resume/<id:pk>/": ORGANIZERS,
    "admin/event_rsvps/": ORGANIZERS,
    "admin/event_rsvps/results/": ORGANIZERS,
    "admin/event_rsvps/new/": NOBODY_BY_GET,
    "admin/event_rsvps/edit/<int:pk>/": NOBODY_BY_GET,
    "admin/event_rsvps/delete/<int:pk>/": NOBODY_BY_GET,
    "admin/event_rsvps/history/<int:pk>/": NOBODY_BY_GET,
    "admin/event_rsvps/history-results/<int:pk>/": NOBODY_BY_GET,
    "admin/event_rsvps/usage/<int:pk>/": NOBODY_BY_GET,
    "admin/event_rsvps/inspect/<int:pk>/": ORGANIZERS,
    "admin/event_rsvps/copy/<int:pk>/": NOBODY_BY_GET,
    # Event tags (the API's tags): organizers manage them
    "admin/event_tags/": ORGANIZERS,
    "admin/event_tags/results/": ORGANIZERS,
    "admin/event_tags/new/": ORGANIZERS,
    "admin/event_tags/edit/<int:pk>/": ORGANIZERS,
    "admin/event_tags/delete/<int:pk>/": ORGANIZERS,
    "admin/event_tags/history/<int:pk>/": ORGANIZERS,
    "admin/event_tags/history-results/<int:pk>/": ORGANIZERS,
    "admin/event_tags/usage/<int:pk>/": ORGANIZERS,
    "admin/event_tags/copy/<int:pk>/": ORGANIZERS,
    "admin/event_api_keys/": ADMINISTRATORS,
    "admin/event_api_keys/results/": ADMINISTRATORS,
    "admin/event_api_keys/new/": ADMINISTRATORS,
    "admin/event_api_keys/edit/<int:pk>/": ADMINISTRATORS,
    "admin/event_api_keys/delete/<int:pk>/": ADMINISTRATORS,
    "admin/event_api_keys/history/<int:pk>/": ADMINISTRATORS,
    "admin/event_api_keys/history-results/<int:pk>/": ADMINISTRATORS,
    "admin/event_api_keys/usage/<int:pk>/": ADMINISTRATORS,
    "admin/event_api_keys/copy/<int:pk>/": ADMINISTRATORS,
    "admin/sites/": ADMINISTRATORS,
    "admin/sites/results/": ADMINISTRATORS,
    "admin/sites/new/": ADMINISTRATORS,
    "admin/sites/edit/<int:pk>/": ADMINISTRATORS,
    "admin/sites/delete/<int:pk>/": ADMINISTRATORS,
    "admin/sites/history/<int:pk>/": ADMINISTRATORS,
    "admin/sites/history-results/<int:pk>/": ADMINISTRATORS,
    "admin/sites/usage/<int:pk>/": ADMINISTRATORS,
    "admin/sites/copy/<int:pk>/": ADMINISTRATORS,
    "admin/users/": ADMINISTRATORS,
    "admin/users/results/": ADMINISTRATORS,
    "admin/users/new/": ADMINISTRATORS,
    "admin/users/edit/<int:pk>/": ADMINISTRATORS,
    "admin/users/delete/<int:pk>/": ADMINISTRATORS,
    "admin/users/history/<int:pk>/": ADMINISTRATORS,
    "admin/users/history-results/<int:pk>/": ADMINISTRATORS,
    "admin/users/usage/<int:pk>/": ADMINISTRATORS,
    "admin/users/copy/<int:pk>/": ADMINISTRATORS,
    "admin/groups/": ADMINISTRATORS,
    "admin/groups/results/": ADMINISTRATORS,
    "admin/groups/new/": ADMINISTRATORS,
    "admin/groups/edit/<int:pk>/": ADMINISTRATORS,
    "admin/groups/delete/<int:pk>/": ADMINISTRATORS,
    "admin/groups/history/<int:pk>/": ADMINISTRATORS,
    "admin/groups/history-results/<int:pk>/": ADMINISTRATORS,
    "admin/groups/usage/<int:pk>/": ADMINISTRATORS,
    "admin/documents/chooser/": ADMIN_ACCESS,
    "admin/documents/chooser/results/": ADMIN_ACCESS,
    "admin/documents/chooser/chosen/<str:pk>/": ADMIN_NO_SUCH_RECORD,
    "admin/documents/chooser/chosen-multiple/": ADMIN_ACCESS,
    "admin/documents/chooser/create/": ORGANIZERS,
    "admin/images/chooser/": ADMIN_ACCESS,
    "admin/images/chooser/results/": ADMIN_ACCESS,
    "admin/images/chooser/chosen/<str:pk>/": ADMIN_NO_SUCH_RECORD,
    "admin/images/chooser/chosen-multiple/": ADMIN_ACCESS,
    "admin/images/chooser/create/": ORGANIZERS,
    "admin/images/chooser/<int:image_id>/select_format/": ADMIN_NO_SUCH_RECORD,
    "admin/locales/": ADMINISTRATORS,
    "admin/locales/results/": ADMINISTRATORS,
    "admin/locales/new/": ADMINISTRATORS,
    "admin/locales/edit/<int:pk>/": ADMINISTRATORS,
    "admin/locales/delete/<int:pk>/": ADMINISTRATORS,
    "admin/locales/history/<int:pk>/": ADMINISTRATORS,
    "admin/locales/history-results/<int:pk>/": ADMINISTRATORS,
    "admin/locales/usage/<int:pk>/": ADMINISTRATORS,
    "admin/sprite/": PUBLIC,
    # One door (issue 22): Wagtail's password-only form is replaced by allauth's login.
    "admin/login/": Rule("LOGIN", "LOGIN", "LOGIN", "LOGIN", "LOGIN", "LOGIN"),
    "admin/password_reset/": PUBLIC,
    "admin/password_reset/done/": PUBLIC,
    "admin/password_reset/confirm/<uidb64>/<token>/": PUBLIC,
    "admin/password_reset/complete/": PUBLIC,
    "admin/jsi18n/": PUBLIC,
    "admin/^.*/$": ADMIN_NO_SUCH_RECORD,
    "documents/^(\\d+)/(.*)$": NOT_FOUND_FOR_ALL,
    "documents/authenticate_with_password/<int:restriction_id>/": NOT_FOUND_FOR_ALL,
    "sitemap.xml": PUBLIC,
    "anymail/postmark/tracking/": PUBLIC_POST_ONLY,
    "search/": PUBLIC,
    "join/": PUBLIC,
    "join/more/": PUBLIC,
    "join/thanks/": PUBLIC,
    "join/confirm/<str:token>/": Rule("BAD", "BAD", "BAD", "BAD", "BAD", "BAD"),
    "me/mentoring/offer/": VOLUNTEER_PROFILE,
    "me/mentoring/ask/": VOLUNTEER_PROFILE,
    "me/mentoring/ask/withdraw/": VOLUNTEER_POST_ONLY,
    "me/mentoring/pairs/<id:pair_id>/end/": VOLUNTEER_PROFILE,
    "me/mentoring/check-ins/<id:checkin_id>/done/": VOLUNTEER_POST_ONLY,
    "mentoring/feedback/<str:token>/": PUBLIC,
    "events/feed.ics": PUBLIC,
    "events/<slug:slug>/calendar.ics": PUBLIC,
    # The event page's sign-up form posts here (issue 17): anyone may, by POST only.
    "events/<id:event_id>/sign-up/": PUBLIC_POST_ONLY,
    "rsvp/<str:token>/": PUBLIC,
    # Rating a shift from the thank-you email: a signed link, refused when forged.
    "rate/<str:token>/": Rule("BAD", "BAD", "BAD", "BAD", "BAD", "BAD"),
    # Check-in (issue 15): a QR image only for a valid token; the poster's self check-in and a
    # walk-in's confirmation link say "this link does not work" to a broken token.
    "checkin/qr/<str:token>.png": NOT_FOUND_FOR_ALL,
    "checkin/<str:token>/": BAD_LINK,
    "walk-in/<str:token>/": BAD_LINK,
    "host-an-event/": SIGNED_IN,
    "host-an-event/thanks/": SIGNED_IN,
    # The host's page to message an event's people: organizers, or the host where the event
    # allows it (nobody in this world is its host, and it does not allow it).
    "host-an-event/<id:event_id>/message/": Rule("LOGIN", "DENIED", "DENIED", "DENIED", "OK", "OK"),
    "me/": SIGNED_IN,
    "me/profile/": VOLUNTEER_SCREEN,
    "me/consents/": VOLUNTEER_POST_ONLY,
    "me/about-you/": VOLUNTEER_SCREEN,
    "me/data.json": VOLUNTEER_SCREEN,
    "me/delete/": VOLUNTEER_SCREEN,
    "unsubscribe/<str:token>/": PUBLIC,
    "shout-outs/public/<str:token>/": PUBLIC,
    "shout-outs/nominate/": SIGNED_IN,
    "accounts/signup/": Rule("AWAY", "AWAY", "AWAY", "AWAY", "AWAY", "AWAY"),
    "accounts/login/": Rule("OK", "AWAY", "AWAY", "AWAY", "AWAY", "AWAY"),
    "accounts/logout/": Rule("AWAY", "OK", "OK", "OK", "OK", "OK"),
    "accounts/inactive/": PUBLIC,
    # Staff have a second factor (issue 22): allauth reauthenticates them with it instead.
    "accounts/reauthenticate/": Rule("LOGIN", "OK", "AWAY", "AWAY", "AWAY", "OK"),
    "accounts/reauthenticate/code/": Rule("LOGIN", "AWAY", "AWAY", "AWAY", "AWAY", "AWAY"),
    "accounts/reauthenticate/code/confirm/": Rule("LOGIN", "AWAY", "AWAY", "AWAY", "AWAY", "AWAY"),
    "accounts/email/": SIGNED_IN,
    "accounts/confirm-email/": PUBLIC,
    "accounts/password/change/": Rule("LOGIN", "OK", "AWAY", "AWAY", "AWAY", "OK"),
    "accounts/password/set/": Rule("LOGIN", "AWAY", "OK", "OK", "OK", "AWAY"),
    "accounts/password/reset/": PUBLIC,
    "accounts/login/code/confirm/": Rule("LOGIN", "AWAY", "AWAY", "AWAY", "AWAY", "AWAY"),
    "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": PUBLIC,
    "accounts/password/reset/key/done/": PUBLIC,
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": PUBLIC,
    "accounts/password/reset/done/": PUBLIC,
    "accounts/login/code/": Rule("OK", "AWAY", "AWAY", "AWAY", "AWAY", "AWAY"),
    # Staff access (issue 22): your sessions, an administrator's second-factor reset.
    "admin/sessions/": ADMIN_ACCESS,
    "admin/sessions/<id:session_id>/end/": ADMIN_POST_ONLY,
    "admin/sessions/end-others/": ADMIN_POST_ONLY,
    "admin/privacy/": ADMINISTRATORS,
    "admin/second-factor/<id:user_id>/reset/": Rule(
        "LOGIN", "LOGIN", "AWAY", "AWAY", "AWAY", "GONE"
    ),
    # allauth.mfa: anyone signed in manages their own factors (staff must have one); changes
    # ask to reauthenticate first (AWAY), and the matrix's accounts hold no recovery codes.
    "accounts/2fa/": SIGNED_IN,
    "accounts/2fa/authenticate/": MFA_CHANGE,
    "accounts/2fa/reauthenticate/": Rule("LOGIN", "AWAY", "OK", "OK", "OK", "OK"),
    "accounts/2fa/totp/activate/": MFA_CHANGE,
    "accounts/2fa/totp/deactivate/": Rule("LOGIN", "GONE", "AWAY", "AWAY", "AWAY", "AWAY"),
    "accounts/2fa/recovery-codes/": MFA_NO_RECORD,
    "accounts/2fa/recovery-codes/generate/": MFA_CHANGE,
    "accounts/2fa/recovery-codes/download/": MFA_NO_RECORD,
    "accounts/2fa/webauthn/": SIGNED_IN,
    "accounts/2fa/webauthn/add/": MFA_CHANGE,
    "accounts/2fa/webauthn/reauthenticate/": MFA_CHANGE,
    "accounts/2fa/webauthn/keys/<int:pk>/remove/": MFA_CHANGE,
    "accounts/2fa/webauthn/keys/<int:pk>/edit/": MFA_CHANGE,
    "accounts/2fa/webauthn/login/": MFA_CHANGE,
    "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": NOT_FOUND_FOR_ALL,
    "_util/login/": PUBLIC,
    "^((?:[\\w\\-]+/)*)$": PUBLIC,
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    # Built once for the module inside a transaction that is rolled back afterwards.
    # Sessions live in signed cookies, so a log-in again after Wagtail's logout (which logs out
    # on GET) is not undone with the test's own transaction.
    cookies = override_settings(SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies")
    with cookies, django_db_blocker.unblock(), transaction.atomic():
        built = build()
        built.clients = {"anonymous": Client()}
        for role, user in built.users.items():
            client = Client()
            client.force_login(user)
            built.clients[role] = client
        yield built
        transaction.set_rollback(True)


def test_every_route_has_a_decision():
    undecided = [pattern for pattern in ROUTES if pattern not in DECISIONS]
    assert not undecided, "Routes without a decision in DECISIONS:\n" + "\n".join(undecided)
    stale = [pattern for pattern in DECISIONS if pattern not in ROUTES]
    assert not stale, "Decisions for routes that no longer exist:\n" + "\n".join(stale)


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", [p for p in ROUTES if p in DECISIONS])
def test_route_answers_each_role_as_decided(world, pattern):
    rule = DECISIONS[pattern]
    got = {}
    asked = {}
    for role in ROLES:
        path = path_for(pattern, ROUTES[pattern], world, role)
        if role == "intern_other" and asked.get("intern_assigned") == path:
            got[role] = got["intern_assigned"]  # the same person asking the same thing
            continue
        asked[role] = path
        client = world.clients[role]
        try:
            got[role] = outcome(client.get(path), rule.ok)
        except Exception:
            got[role] = "ERROR"
        if role != "anonymous" and "_auth_user_id" not in client.session:
            # Wagtail's logout logs out on GET too (then answers 405); log back in.
            client.force_login(world.users[role])
    expected = {role: rule.expected(role) for role in ROLES}
    assert got == expected, f"{pattern}: {got}"


# Issue 22: the same walk, for staff who have not enrolled a second factor. Every admin route
# sends them to enrolment (only logging out, and the login redirect itself, stay open).
ADMIN_ROUTES_OPEN_WITHOUT_SECOND_FACTOR = {"admin/login/", "admin/logout/"}
STAFF_ROLES = ("intern_assigned", "organizer", "admin")


@pytest.mark.django_db
def test_staff_without_second_factor_reach_no_admin_route(world):
    from allauth.mfa.models import Authenticator

    from tests.staff_mfa import force_login_without_second_factor

    staff = [world.users[role] for role in STAFF_ROLES]
    # Undone with the test's transaction: the world's other tests keep their factors.
    Authenticator.objects.filter(user__in=staff).delete()
    clients = {}
    for role, user in zip(STAFF_ROLES, staff, strict=True):
        clients[role] = Client()
        force_login_without_second_factor(clients[role], user)
    reached = []
    for pattern, name in ROUTES.items():
        if not pattern.startswith("admin/") or pattern in ADMIN_ROUTES_OPEN_WITHOUT_SECOND_FACTOR:
            continue
        for role, client in clients.items():
            response = client.get(path_for(pattern, name, world, role))
            location = response.get("Location", "")
            if response.status_code != 302 or not location.startswith("/accounts/2fa/?next="):
                reached.append(f"{role} {pattern}: {response.status_code} {location}")
    assert not reached, "Admin routes reached without a second factor:\n" + "\n".join(reached)
