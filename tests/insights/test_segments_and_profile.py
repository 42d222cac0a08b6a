"""The lapsing segment as a newsletter audience, and the leaderboard opt-in on /me/profile/."""

import pytest
from django.utils import timezone

from portal.newsletters.audiences import audience_volunteers
from recruitment.models import Consent, Volunteer
from tests.factories.insights import NOW
from tests.factories.newsletters import newsletter

pytestmark = pytest.mark.django_db


def test_lapsing_audience_reaches_only_lapsing_people_who_agreed_to_email(home_page, scenario):
    page = newsletter(home_page, audience_lapsing=True)
    for key in ("A", "K"):
        Consent.objects.create(
            volunteer=scenario.people[key],
            channel=Consent.Channel.EMAIL,
            granted=True,
            wording_version="t",
            source=Consent.Source.SIGNUP,
        )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: NOW)
        reached = set(audience_volunteers(newsletter=page).values_list("pk", flat=True))
    # H and K are lapsing and agreed to email; A agreed but came on 10 March.
    assert reached == {scenario.people["H"].pk, scenario.people["K"].pk}
    page.audience_lapsing = False
    page.save()
    assert scenario.people["A"].pk in set(
        audience_volunteers(newsletter=page).values_list("pk", flat=True)
    )


def test_volunteer_opts_in_to_the_leaderboard_on_their_profile(client):
    from tests.factories.recruitment import VolunteerFactory

    volunteer = VolunteerFactory(user__first_name="Ana")
    client.force_login(volunteer.user)
    page = client.get("/me/profile/").content.decode()
    assert 'name="show_on_leaderboard"' in page and 'for="id_show_on_leaderboard"' in page
    form = {
        "first_name": "Ana",
        "postal_code": "48201",
        "preferred_language": "en",
        "show_on_leaderboard": "on",
    }
    assert client.post("/me/profile/", form).status_code == 302
    assert Volunteer.objects.get(pk=volunteer.pk).show_on_leaderboard is True
    form.pop("show_on_leaderboard")
    client.post("/me/profile/", form)
    assert Volunteer.objects.get(pk=volunteer.pk).show_on_leaderboard is False
