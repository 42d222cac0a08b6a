"""Issue 18's small items: /favicon.ico, valid tel: links, one "(optional)" per label."""

import re

from wagtail.models import Site

from home.models import SiteSettings
from portal.templatetags.tel import tel_uri


def test_favicon_ico_answers_on_every_site(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith(".ico")
    assert "/static/portal/img/favicon" in response["Location"]


def test_footer_phone_link_is_a_valid_tel_uri(client, home_page):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.contact_phone = "(313) 555-0100"
    settings.save()
    content = client.get("/").content.decode()
    assert 'href="tel:+13135550100"' in content
    assert not re.search(r'href="tel:[^"]*[ ()]', content)


def test_tel_uri_keeps_international_numbers_and_drops_punctuation():
    assert tel_uri("+44 20 7946 0958") == "tel:+442079460958"
    assert tel_uri("313.555.0100") == "tel:+13135550100"
    assert tel_uri("") == ""


def test_join_step_two_says_optional_once_per_label(client, home_page):
    content = client.get("/join/more/").content.decode()
    assert "(optional) (optional)" not in re.sub(r"<[^>]+>", "", content)


def test_pages_without_forms_set_no_csrf_cookie(client, home_page):
    # The layout's "Error:" title check must not touch the lazy CSRF token.
    response = client.get("/")
    assert "csrftoken" not in response.cookies
