import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.models import User
from recruitment import services
from recruitment.models import Signup, Volunteer
from tests.factories.recruitment import PartnerFactory, VolunteerFactory


@pytest.fixture
def organizer(client, db):
    user = User.objects.create_superuser(email="organizer@example.org", password="pw-123456789")
    client.force_login(user)
    return client


def _volunteer(email, *, consents=(), confirmed=True, phone="", **profile):
    volunteer = VolunteerFactory(user__email=email, phone=phone, confirmed_at=None, **profile)
    for channel in consents:
        services.consent_record(volunteer=volunteer, channel=channel, granted=True, source="signup")
    if confirmed:
        Volunteer.objects.filter(pk=volunteer.pk).update(confirmed_at="2026-01-01T00:00:00Z")
    return volunteer


def _export(client, query=""):
    response = client.get(f"/admin/volunteers/?export=csv{query}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_volunteer_list_search_and_filters(organizer):
    a = _volunteer("ana@example.org", postal_code="48201", user__first_name="Ana")
    b = _volunteer("ben@example.org", postal_code="85009", user__first_name="Ben")
    a.interests.create(activity="canvassing")
    b.languages.create(language="es")
    page = organizer.get("/admin/volunteers/")
    assert page.status_code == 200
    assert "ana@example.org" in page.content.decode()
    assert "ben@example.org" not in organizer.get("/admin/volunteers/?q=Ana").content.decode()
    by_interest = organizer.get("/admin/volunteers/?interest=canvassing").content.decode()
    assert "ana@example.org" in by_interest and "ben@example.org" not in by_interest
    by_language = organizer.get("/admin/volunteers/?language=es").content.decode()
    assert "ben@example.org" in by_language and "ana@example.org" not in by_language
    by_zip = organizer.get("/admin/volunteers/?postal_code=850").content.decode()
    assert "ben@example.org" in by_zip and "ana@example.org" not in by_zip


def test_filters_by_partner_source_and_consent(organizer):
    partner = PartnerFactory()
    a = _volunteer("ana@example.org", consents=["email"])
    _volunteer("ben@example.org")
    Signup.objects.create(volunteer=a, partner=partner, utm_source="radio")
    Signup.objects.create(volunteer=a, partner=partner, utm_source="radio")
    for query in (f"partner={partner.pk}", "source=RADIO", "consent=email"):
        html = organizer.get(f"/admin/volunteers/?{query}").content.decode()
        assert html.count("ana@example.org") >= 1, query
        assert "ben@example.org" not in html, query


def test_csv_export_shows_contact_details_only_with_consent(organizer):
    _volunteer("yes@example.org", consents=["email", "sms"], phone="+13135550100")
    _volunteer("no@example.org", phone="+13135550101")
    _volunteer("unconfirmed@example.org", consents=["email"], confirmed=False)
    _volunteer("=cmd@example.org", consents=["email"], user__first_name="=HYPERLINK(1)")
    rows = {row["Email (if they agreed to email)"]: row for row in _export(organizer)}
    assert "yes@example.org" in rows
    assert rows["yes@example.org"]["Mobile phone (if they agreed to texts)"] == "+13135550100"
    assert "no@example.org" not in rows and "unconfirmed@example.org" not in rows
    assert "'=cmd@example.org" in rows
    assert rows["'=cmd@example.org"]["Given name"] == "'=HYPERLINK(1)"


def test_volunteer_history_screen_shows_signups_and_consents(organizer):
    volunteer = _volunteer("ana@example.org", consents=["email"])
    Signup.objects.create(volunteer=volunteer, utm_source="flyer", referrer_url="https://x.example")
    html = organizer.get(f"/admin/volunteers/inspect/{volunteer.pk}/").content.decode()
    assert "flyer" in html and "https://x.example" in html
    assert "email-2026-11" in html


def test_organizers_cannot_edit_or_add_volunteers_in_the_admin(organizer):
    volunteer = _volunteer("ana@example.org")
    assert organizer.get(f"/admin/volunteers/edit/{volunteer.pk}/").status_code in (302, 403)
    assert organizer.get("/admin/volunteers/new/").status_code in (302, 403)


def test_partner_admin_lists_partners_with_their_signup_links(organizer):
    PartnerFactory(name="Unidos", slug="unidos")
    html = organizer.get("/admin/partners/").content.decode()
    assert "Unidos" in html
    assert "/join/?partner=unidos" in html


def test_joined_date_filter(organizer):
    old = _volunteer("old@example.org")
    Volunteer.objects.filter(pk=old.pk).update(created_at="2024-01-15T12:00:00Z")
    _volunteer("new@example.org")
    html = organizer.get(
        "/admin/volunteers/?joined_from=2024-01-01&joined_to=2024-02-01"
    ).content.decode()
    assert "old@example.org" in html and "new@example.org" not in html


def test_shareable_with_partner_filter_keeps_partners_apart(organizer):
    unidos, tenants = PartnerFactory(), PartnerFactory()
    mine = _volunteer("mine@example.org")
    services.consent_record(
        volunteer=mine, channel="partners", granted=True, source="signup", partner=unidos
    )
    theirs = _volunteer("theirs@example.org")
    services.consent_record(
        volunteer=theirs, channel="partners", granted=True, source="signup", partner=tenants
    )
    html = organizer.get(f"/admin/volunteers/?shareable_with={unidos.pk}").content.decode()
    assert "mine@example.org" in html and "theirs@example.org" not in html


def test_bad_filter_values_do_not_error(organizer):
    for query in ("interest=nope", "partner=abc", "joined_from=yesterday", "consent=<x>"):
        assert organizer.get(f"/admin/volunteers/?{query}").status_code == 200, query


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("list.csv", text.encode(), content_type="text/csv")


def test_partner_import_dedupes_and_reports_bad_rows(organizer, django_capture_on_commit_callbacks):
    partner = PartnerFactory()
    known = _volunteer("known@example.org", phone="+13135550199")
    text = (
        "Email,Given_Name,family_name,phone,postal_code,email_opt_in,sms_opt_in\n"
        "new@example.org,Néstor,Ruiz,(602) 555-0100,85009,yes,no\n"
        "KNOWN@example.org,Known,Person,,48201,yes,\n"
        "other@example.org,Phone,Match,313-555-0199,48201,,\n"
        "not-an-email,Bad,Row,,48201,,\n"
        "bad-zip@example.org,Zip,Row,,<script>,,\n"
        "new@example.org,Néstor,Again,,85009,,\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = organizer.post(
            "/admin/recruitment/import/", {"partner": partner.pk, "file": _csv(text)}
        )
    assert response.status_code == 200
    statuses = [(r.line, r.status) for r in response.context["results"]]
    assert statuses == [
        (2, "created"),
        (3, "matched_email"),
        (4, "matched_phone"),
        (5, "error"),
        (6, "error"),
        (7, "matched_email"),
    ]
    assert "ZIP or postal code" in response.content.decode()
    assert Volunteer.objects.count() == 2
    assert Signup.objects.filter(volunteer=known, partner=partner).count() == 2
    new = Volunteer.objects.get(user__email="new@example.org")
    assert new.user.first_name == "Néstor" and str(new.phone) == "+16025550100"
    assert Signup.objects.filter(partner=partner, kind="import").count() == 4


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00bad", "UTF-8"),
        (b"name,phone\nA,1\n", "including email and given_name"),
        (b"email,given_name\n", "no rows"),
    ],
)
def test_partner_import_rejects_unreadable_files_with_400(organizer, content, message):
    partner = PartnerFactory()
    response = organizer.post(
        "/admin/recruitment/import/",
        {"partner": partner.pk, "file": SimpleUploadedFile("x.csv", content)},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Volunteer.objects.exists()


def test_partner_import_needs_permission(client, db):
    user = User.objects.create_user(
        email="intern@example.org", password="pw-123456789", is_staff=True
    )
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    # Wagtail turns the refusal into a redirect to the dashboard with a message.
    response = client.get("/admin/recruitment/import/")
    assert response.status_code == 302
    assert response.url == "/admin/"
