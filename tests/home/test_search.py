import pytest

from home.models import StandardPage


@pytest.fixture
def pages(home_page, spanish):
    english = StandardPage(title="Phone banking guide", slug="phone-banking", introduction="Calls.")
    home_page.add_child(instance=english)
    english.save_revision().publish()
    home_es = home_page.copy_for_translation(spanish)
    home_es.save_revision().publish()
    spanish_page = english.copy_for_translation(spanish)
    spanish_page.title = "Guía de llamadas"
    spanish_page.save_revision().publish()
    return english, spanish_page


def test_search_finds_live_pages_in_the_visitors_language(client, pages):
    response = client.get("/search/", {"q": "phone banking"})
    assert response.status_code == 200
    assert "Phone banking guide" in response.content.decode()

    response = client.get("/es/search/", {"q": "llamadas"})
    html = response.content.decode()
    assert "Guía de llamadas" in html
    assert "Phone banking guide" not in html


def test_empty_search_shows_the_form_only(client, pages):
    response = client.get("/search/")
    assert response.status_code == 200
    assert "result" not in response.content.decode().lower().split("<main", 1)[1]


def test_an_overlong_query_is_refused_with_a_clear_message(client, pages):
    response = client.get("/search/", {"q": "x" * 5000})
    assert response.status_code == 400
    assert "Please shorten your search to 200 characters" in response.content.decode()


def test_markup_in_a_query_is_shown_as_text(client, pages):
    response = client.get("/search/", {"q": "<script>alert(1)</script>"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_a_bad_page_number_falls_back_to_the_first_page(client, pages):
    response = client.get("/search/", {"q": "phone", "page": "banana"})
    assert response.status_code == 200


def test_search_is_rate_limited_with_a_friendly_page(client, pages):
    for _ in range(60):
        assert client.get("/search/", {"q": "phone"}).status_code == 200
    response = client.get("/search/", {"q": "phone"})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "Please wait a minute" in response.content.decode()
