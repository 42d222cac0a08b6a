import pytest
from django.test import RequestFactory

from portal import views


@pytest.mark.django_db
def test_unknown_pages_get_a_404_in_the_site_design(client, home_page):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "We could not find that page" in html
    assert 'class="site-header"' in html
    assert 'role="search"' in html


@pytest.mark.django_db
def test_404_is_in_spanish_under_es(client, home_page, spanish):
    response = client.get("/es/no-existe/")
    assert response.status_code == 404
    assert 'lang="es"' in response.content.decode()


def test_500_page_renders_without_touching_the_database():
    # No db fixture: any query here would raise, which is the point.
    response = views.server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert "site.css" in html


@pytest.mark.django_db
def test_csrf_failure_explains_what_to_do(client, home_page):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/search/", {"q": "x"})
    assert response.status_code == 403
    assert "reload the page" in response.content.decode()
