"""An id in a URL longer than any database id is a 404, never an overflow and a 500."""

import pytest
from django.contrib.auth.models import Group
from django.urls import resolve, reverse

from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


@pytest.fixture
def organizer_client(client):
    from portal.roles import roles_apply

    roles_apply()
    user = UserFactory(is_staff=True, is_superuser=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "url",
    [
        f"/admin/checkin/{HUGE}/",
        f"/admin/checkin/{HUGE}/export.csv",
        f"/admin/newsletters/{HUGE}/",
        f"/admin/training/stats/{HUGE}/",
        f"/admin/mentoring/pairs/{HUGE}/end/",
    ],
)
def test_an_overlong_id_in_the_admin_is_not_found(organizer_client, url):
    assert organizer_client.get(url, follow=True).status_code == 404


@pytest.mark.parametrize(
    "url",
    [f"/api/v1/events/{HUGE}", f"/me/mentoring/check-ins/{HUGE}/done/"],
)
def test_an_overlong_id_on_the_site_is_not_found(client, url):
    client.force_login(UserFactory())
    assert client.get(url, follow=True).status_code == 404


def test_ordinary_ids_still_resolve():
    assert resolve(reverse("events_desk:event", args=[42])).kwargs == {"event_id": 42}
