"""A person's profile as one dict: the profile form starts from it, the data export shows it."""

import pytest

from recruitment import selectors
from recruitment.forms import ProfileForm
from recruitment.models import VolunteerInterest, VolunteerLanguage
from tests.factories.recruitment import VolunteerFactory

pytestmark = pytest.mark.django_db


def test_the_profile_form_and_the_data_export_read_one_profile():
    volunteer = VolunteerFactory(
        postal_code="48201",
        phone="+13135550100",
        skills="Spreadsheets",
        accessibility_needs="Step-free access",
        preferred_language="es",
        show_on_leaderboard=True,
    )
    VolunteerInterest.objects.create(volunteer=volunteer, activity="canvassing")
    VolunteerLanguage.objects.create(volunteer=volunteer, language="es")

    profile = selectors.volunteer_profile(volunteer=volunteer)
    # Every field the volunteer can edit starts from it, and nothing else is in it.
    assert set(profile) == set(ProfileForm.base_fields)
    assert profile["first_name"] == volunteer.user.first_name
    assert profile["interests"] == ["canvassing"] and profile["languages"] == ["es"]

    exported = selectors.volunteer_personal_data(volunteer=volunteer)
    assert exported["account"]["given_name"] == volunteer.user.first_name
    for name, value in profile.items():
        if name in ("first_name", "last_name", "pronouns"):
            continue
        assert exported["profile"][name] == (str(value) if name == "phone" else value), name
    assert exported["profile"]["interest_labels"] == ["Canvassing"]
