import pytest

from tests.factories.recruitment import VolunteerFactory
from tests.factories.training import QualificationFactory, make_course, training_index


@pytest.fixture
def library(home_page):
    return training_index(home_page)


@pytest.fixture
def canvass_ready(db):
    return QualificationFactory(
        name="Canvass-ready", validity_months=12, required_for_event_types=["CANVASS"]
    )


@pytest.fixture
def course(library, canvass_ready):
    return make_course(library, title="Canvassing 101", grants=canvass_ready)


@pytest.fixture
def learner(db):
    return VolunteerFactory(
        user__email="rosa@example.org", user__first_name="Rosa", user__last_name="Ortiz"
    ).user
