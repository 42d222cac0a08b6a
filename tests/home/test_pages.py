"""Every page type: created through the admin's own form, then rendered for a visitor."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import HomePage, OfficeIndexPage, StandardPage
from tests.factories import OfficeFactory


def create_through_admin(client, parent, model, data):
    add_url = reverse(
        "wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk]
    )
    response = client.post(add_url, {**data, "action-publish": "publish"})
    assert response.status_code == 302, response.context["form"].errors
    return model.objects.child_of(parent).get(slug=data["slug"])


def test_home_page_is_created_through_the_admin_and_renders(admin_client, db):
    root = Page.get_first_root_node()
    data = nested_form_data(
        {
            "title": "Campaign home",
            "slug": "campaign-home",
            "hero_heading": "Knock doors with us",
            "hero_text": "Two hours on Saturday.",
            "cta_text": "Volunteer",
            "cta_url": "/offices/",
            "body": streamfield([("heading", {"text": "Why now", "level": "h2"})]),
        }
    )
    home = create_through_admin(admin_client, root, HomePage, data)
    assert home.live

    # Not a site root yet, so it is served directly, the way Wagtail's preview does.
    response = home.serve(_anonymous_request())
    response.render()
    html = response.content.decode()
    assert "Knock doors with us" in html
    assert "Why now" in html
    assert 'href="/offices/"' in html


def _anonymous_request():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return request


def test_standard_page_with_every_block_is_created_and_renders(admin_client, home_page):
    data = nested_form_data(
        {
            "title": "How canvassing works",
            "slug": "how-canvassing-works",
            "introduction": "What a shift looks like, from first door to debrief.",
            "body": streamfield(
                [
                    ("heading", {"text": "Before you go", "level": "h2"}),
                    ("paragraph", rich_text("<p>Bring water and <b>comfortable</b> shoes.</p>")),
                    ("quote", {"text": "You will be great.", "attribution": "Lena"}),
                    (
                        "call_to_action",
                        {
                            "heading": "Ready?",
                            "text": "Pick a shift.",
                            "button_text": "See offices",
                            "page": "",
                            "url": "https://example.org/shifts",
                        },
                    ),
                ]
            ),
        }
    )
    page = create_through_admin(admin_client, home_page, StandardPage, data)

    response = admin_client.get("/how-canvassing-works/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "How canvassing works",
        "Before you go",
        "<b>comfortable</b>",
        "You will be great.",
        'href="https://example.org/shifts"',
    ):
        assert text in html
    assert page.get_parent().pk == home_page.pk


def test_call_to_action_without_a_destination_is_refused(admin_client, home_page):
    data = nested_form_data(
        {
            "title": "Broken",
            "slug": "broken",
            "body": streamfield(
                [
                    (
                        "call_to_action",
                        {"heading": "Go", "text": "", "button_text": "Go", "page": "", "url": ""},
                    )
                ]
            ),
        }
    )
    add_url = reverse("wagtailadmin_pages:add", args=["home", "standardpage", home_page.pk])
    response = admin_client.post(add_url, {**data, "action-publish": "publish"})
    assert response.status_code == 200
    assert not StandardPage.objects.filter(slug="broken").exists()


def test_offices_directory_is_created_through_the_admin_and_lists_offices(admin_client, home_page):
    OfficeFactory(name="Detroit Eastside Office", postal_code="48207", phone="(313) 555-0142")
    data = nested_form_data(
        {"title": "Local offices", "slug": "offices", "introduction": "Call us first."}
    )
    create_through_admin(admin_client, home_page, OfficeIndexPage, data)

    response = admin_client.get("/offices/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Detroit Eastside Office" in html
    assert 'href="tel:+13135550142"' in html


@pytest.mark.django_db
def test_page_type_rules_keep_the_tree_sensible():
    assert OfficeIndexPage.parent_page_types == ["home.HomePage"]
    assert OfficeIndexPage.can_create_at(HomePage()) is True
    assert OfficeIndexPage.can_create_at(StandardPage()) is False
    assert HomePage.can_create_at(Page.get_first_root_node()) is True


@pytest.mark.django_db
def test_home_page_renders_empty_states_in_a_bounded_number_of_queries(
    client, home_page, django_assert_max_num_queries
):
    for n in range(6):
        home_page.add_child(
            instance=StandardPage(title=f"Menu page {n}", slug=f"menu-{n}", show_in_menus=True)
        )
    with django_assert_max_num_queries(25):
        response = client.get("/")
    html = response.content.decode()
    assert "No events are on the calendar yet" in html
    assert "Menu page 5" in html
