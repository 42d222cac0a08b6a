"""The people and records the role × route matrix (test_route_matrix.py) requests pages with."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.models import Collection, Locale, Site, Workflow

from events.models import RSVP, ApiKey, EventTag
from events.tokens import manage_token
from portal.newsletters.models import Suppression
from portal.newsletters.tokens import shoutout_token, unsubscribe_token
from portal.roles import INTERNS_GROUP, ORGANIZER_GROUPS, roles_apply
from recruitment.mentoring.models import MentorPair, PairCheckIn
from recruitment.mentoring.tokens import feedback_token
from recruitment.models import InternshipApplication
from recruitment.tokens import confirmation_token
from tests.events.helpers import rsvp
from tests.factories.events import event_index, make_event
from tests.factories.home import OfficeFactory
from tests.factories.mentoring import MentorProfileFactory
from tests.factories.newsletters import ShoutOutFactory, newsletter
from tests.factories.recruitment import PartnerFactory, VolunteerFactory, internship_page
from tests.factories.training import QualificationFactory, make_course, training_index

ROLES = ("anonymous", "volunteer", "intern_assigned", "intern_other", "organizer", "admin")


@dataclass
class World:
    users: dict = field(default_factory=dict)
    # kwarg values for every role but intern_other, and for intern_other (the other event)
    values: dict = field(default_factory=dict)
    other_values: dict = field(default_factory=dict)
    # values of `pk` per URL namespace
    pks: dict = field(default_factory=dict)


def _home_page():
    from tests.factories.home import published_home_page

    return published_home_page(hero_heading="Neighbors", hero_text="Join.", cta_url="/join/")


def build() -> World:
    from training.models import QualificationGrant

    User = get_user_model()
    home = _home_page()
    roles_apply()
    index = event_index(home)
    assigned = make_event(index, title="Assigned canvass")
    other = make_event(index, title="Other canvass")

    volunteer = VolunteerFactory(user__email="vera@example.org")
    intern = User.objects.create_user(email="ida@example.org", is_staff=True)
    intern.groups.add(Group.objects.get(name=INTERNS_GROUP))
    assigned.interns.add(intern)
    assigned.save()
    organizer = User.objects.create_user(email="olga@example.org", is_staff=True)
    organizer.groups.add(Group.objects.get(name=ORGANIZER_GROUPS[0]))
    admin = User.objects.create_superuser(email="ada@example.org", password="x-12345678")

    (rsvp_assigned,) = rsvp(assigned, volunteer.user)
    (rsvp_other,) = rsvp(other, volunteer.user)
    partner = PartnerFactory()
    opening = internship_page(home)
    application = InternshipApplication.objects.create(
        page=opening,
        given_name="Ina",
        family_name="Applicant",
        email="ina@example.org",
        resume=ContentFile(b"%PDF-1.4 test", name="resume.pdf"),
        availability="Weekends",
    )
    office = OfficeFactory()
    qualification = QualificationFactory()
    grant = QualificationGrant.objects.create(user=volunteer.user, qualification=qualification)
    shoutout = ShoutOutFactory(recipient=volunteer.user, author=organizer)
    suppression = Suppression.objects.create(email="gone@example.org", reason="unsubscribed")
    api_key = ApiKey(name="Integrator")
    api_key.set_key(ApiKey.generate())
    api_key.save()
    tag = EventTag.objects.create(name="Weekend")
    letter = newsletter(home)
    course = make_course(training_index(home))
    mentor = MentorProfileFactory()
    pair = MentorPair.objects.create(mentor=mentor.volunteer, newcomer=volunteer)
    checkin = PairCheckIn.objects.create(
        pair=pair, week=1, due_at=timezone.now() + timedelta(days=7)
    )
    signup = volunteer.signups.first()

    shift_assigned = assigned.shifts.first()
    shift_other = other.shifts.first()
    world = World(
        users={
            "volunteer": volunteer.user,
            "intern_assigned": intern,
            "intern_other": intern,
            "organizer": organizer,
            "admin": admin,
        }
    )
    common = {
        "page_id": assigned.pk,
        "parent_page_id": assigned.pk,
        "page_to_move_id": assigned.pk,
        "destination_id": index.pk,
        "slug": assigned.slug,
        "course_id": course.pk,
        "pair_id": pair.pk,
        "profile_id": mentor.pk,
        "checkin_id": checkin.pk,
        "table_key": "funnel",
        "section": "signups",
        "app_label": "events",
        "app_name": "home",
        "model_name": "sitesettings",
        "content_type_app_name": "events",
        "content_type_model_name": "eventpage",
        "token": "not-a-token",
        "event_id": assigned.pk,
        # The events API's one organization (the site); partners are numbered after it.
        "organization_id": 1,
        "shift_id": shift_assigned.pk,
        "rsvp_id": rsvp_assigned.pk,
    }
    world.values = dict(common)
    world.other_values = dict(
        common,
        event_id=other.pk,
        shift_id=shift_other.pk,
        rsvp_id=rsvp_other.pk,
        page_id=other.pk,
        parent_page_id=other.pk,
    )
    world.tokens = {
        "events:manage": manage_token(person_id=volunteer.user.pk, event_id=assigned.pk),
        "newsletters:unsubscribe": unsubscribe_token(email=volunteer.user.email),
        "newsletters:shoutout_public": shoutout_token(shoutout_id=shoutout.pk),
        "recruitment:confirm": confirmation_token(signup.pk) if signup else "not-a-token",
        "mentoring:feedback": feedback_token(pair_id=pair.pk, volunteer_id=volunteer.pk),
    }
    world.newsletter_id = letter.pk
    world.event_url = assigned.url
    world.pks = {
        "volunteers": volunteer.pk,
        "partners": partner.pk,
        "internship_applications": application.pk,
        "event_rsvps": rsvp_assigned.pk,
        "event_api_keys": api_key.pk,
        "event_tags": tag.pk,
        "shoutouts": shoutout.pk,
        "shoutout_approve": shoutout.pk,
        "shoutout_decline": shoutout.pk,
        "suppressions": suppression.pk,
        "qualification_holders": grant.pk,
        "wagtailsnippets_home_office": office.pk,
        "wagtailsnippetchoosers_home_office": office.pk,
        "wagtailsnippets_training_qualification": qualification.pk,
        "wagtailsnippetchoosers_training_qualification": qualification.pk,
        "wagtailusers_users": volunteer.user.pk,
        "wagtailusers_groups": Group.objects.get(name=INTERNS_GROUP).pk,
        "wagtailsites": Site.objects.get(is_default_site=True).pk,
        "wagtaillocales": Locale.get_default().pk,
        "wagtailadmin_collections": Collection.get_first_root_node().pk,
        "wagtailadmin_workflows": getattr(Workflow.objects.first(), "pk", 1),
    }
    assert RSVP.objects.count() == 2
    return world
