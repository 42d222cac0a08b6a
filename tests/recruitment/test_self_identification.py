import pytest

from portal.models import User
from recruitment import selectors, services
from recruitment.models import SelfIdentification
from tests.factories.recruitment import VolunteerFactory


def _answer(**answers):
    volunteer = VolunteerFactory()
    services.selfid_save(volunteer=volunteer, answers=answers)
    return volunteer


def test_answers_are_stored_without_a_link_to_the_person(db):
    volunteer = _answer(age_range="25_34", gender="woman")
    row = SelfIdentification.objects.get()
    field_names = {field.name for field in SelfIdentification._meta.get_fields()}
    assert "volunteer" not in field_names and "user" not in field_names
    assert len(row.respondent_key) == 64  # a keyed hash, not the id
    assert selectors.selfid_for_volunteer(volunteer=volunteer) == row


def test_saving_again_updates_and_blank_answers_delete(db):
    volunteer = _answer(age_range="25_34")
    services.selfid_save(volunteer=volunteer, answers={"age_range": "35_44"})
    assert SelfIdentification.objects.get().age_range == "35_44"
    services.selfid_save(volunteer=volunteer, answers={})
    assert not SelfIdentification.objects.exists()


def test_report_hides_groups_under_five_and_gives_no_totals(db):
    for _ in range(6):
        _answer(gender="woman")
    for _ in range(3):
        _answer(gender="man")
    _answer(gender="non_binary")
    gender = next(q for q in selectors.selfid_report() if q["question"] == "gender")
    assert gender["groups"] == [{"label": "Woman", "count": 6}]
    assert gender["other_answers"] is None  # 4 hidden answers are fewer than five
    for _ in range(2):
        _answer(gender="man")
    gender = next(q for q in selectors.selfid_report() if q["question"] == "gender")
    assert {"label": "Man", "count": 5} in gender["groups"]


def test_erasing_the_account_deletes_the_answers(db):
    volunteer = _answer(disability="yes")
    services.volunteer_erase(volunteer=volunteer)
    assert not SelfIdentification.objects.exists()


@pytest.fixture
def logged_in(client, db):
    volunteer = VolunteerFactory()
    client.force_login(volunteer.user)
    client.volunteer = volunteer
    return client


def test_self_identification_page_explains_and_saves(logged_in):
    page = logged_in.get("/me/about-you/")
    assert page.status_code == 200
    assert "Every question is optional" in page.content.decode()
    response = logged_in.post("/me/about-you/", {"age_range": "18_24", "lgbtq": ""})
    assert response.status_code == 302
    assert SelfIdentification.objects.get().age_range == "18_24"
    assert "Delete my answers" in logged_in.get("/me/about-you/").content.decode()
    logged_in.post("/me/about-you/", {"delete": "1"})
    assert not SelfIdentification.objects.exists()


def test_self_identification_rejects_unknown_answers(logged_in):
    response = logged_in.post("/me/about-you/", {"gender": "<script>"})
    assert response.status_code == 400
    assert not SelfIdentification.objects.exists()


def test_admin_report_shows_only_aggregates(client, db):
    for _ in range(5):
        _answer(age_range="65_plus")
    _answer(age_range="under_18")
    admin = User.objects.create_superuser(email="admin@example.org", password="pw-123456789")
    client.force_login(admin)
    html = client.get("/admin/recruitment/demographics/").content.decode()
    assert "65 or older" in html
    assert "Under 18" not in html
