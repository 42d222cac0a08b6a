import pytest
from django.urls import reverse

from home.models import Office, OfficeIndexPage
from home.selectors import offices_for_directory
from portal.activities import Activity
from tests.factories import OfficeFactory


@pytest.fixture
def offices_page(home_page):
    page = OfficeIndexPage(title="Local offices", slug="offices")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_office_coordinates_come_from_its_zip_code(db):
    office = OfficeFactory(postal_code="85009")
    assert office.latitude == pytest.approx(33.45, abs=0.1)
    assert office.longitude == pytest.approx(-112.13, abs=0.1)
    office.postal_code = "00000"
    office.save()
    assert office.coordinates is None


def test_nearest_offices_are_listed_first_with_distances(db):
    OfficeFactory(name="Detroit", postal_code="48207")
    OfficeFactory(name="Phoenix", postal_code="85009")
    OfficeFactory(name="Nowhere", postal_code="00000")

    result = offices_for_directory(zip_query="85033")

    assert [o.name for o in result["offices"]] == ["Phoenix", "Detroit", "Nowhere"]
    assert result["offices"][0].distance < 10
    assert result["offices"][1].distance > 1500
    assert result["offices"][2].distance is None
    assert result["zip_error"] == ""


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("abcde", "Enter a 5-digit ZIP code"),
        ("<script>alert(1)</script>", "Enter a 5-digit ZIP code"),
        ("1" * 5000, "Enter a 5-digit ZIP code"),
        ("00000", "could not find that ZIP code"),
    ],
)
def test_bad_zip_codes_get_a_clear_message_and_the_full_list(client, offices_page, query, message):
    OfficeFactory(name="Detroit", postal_code="48207")
    response = client.get("/offices/", {"zip": query})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Detroit" in html
    assert "<script>alert(1)</script>" not in html


def test_help_needed_is_chosen_with_checkboxes_in_the_admin(admin_client, db):
    url = reverse("wagtailsnippets_home_office:add")
    response = admin_client.post(
        url,
        {
            "name": "Flint Office",
            "street_address": "1 Saginaw St",
            "locality": "Flint",
            "region": "MI",
            "postal_code": "48502",
            "hours": "",
            "phone": "",
            "email": "",
            "help_needed": [Activity.CANVASSING, Activity.HOSTING],
        },
    )
    assert response.status_code == 302
    office = Office.objects.get(name="Flint Office")
    assert office.help_needed == ["canvassing", "hosting"]
    assert office.help_needed_labels == ["Canvassing", "Hosting"]


def test_unknown_activity_in_the_admin_form_is_refused(admin_client, db):
    url = reverse("wagtailsnippets_home_office:add")
    response = admin_client.post(
        url,
        {
            "name": "Bad",
            "street_address": "1 Main",
            "locality": "X",
            "region": "MI",
            "postal_code": "48502",
            "help_needed": ["juggling"],
        },
    )
    assert response.status_code == 200
    assert not Office.objects.filter(name="Bad").exists()


def test_offices_directory_query_count_does_not_grow_with_offices(
    client, offices_page, django_assert_max_num_queries
):
    OfficeFactory.create_batch(30)
    with django_assert_max_num_queries(20):
        response = client.get("/offices/", {"zip": "48201"})
    assert response.content.decode().count('class="office card"') == 30


def test_full_width_digits_are_not_a_zip_code(client, offices_page):
    response = client.get("/offices/", {"zip": "４８２０１"})
    assert response.status_code == 200
    assert "Enter a 5-digit ZIP code" in response.content.decode()
