from django.core import mail

from recruitment import demo, selectors
from recruitment.models import Partner, Volunteer


def test_demo_seed_is_idempotent_and_varied(db):
    lines = list(demo.seed())
    assert lines[-1].startswith("Volunteers: 40 (40 new)")
    assert list(demo.seed())[-1] == "Volunteers: 40 (0 new)"
    assert Partner.objects.count() == 2
    assert Volunteer.objects.filter(languages__language="es").count() >= 10
    assert Volunteer.objects.filter(user__first_name="Ángel").exists()
    assert Volunteer.objects.filter(confirmed_at__isnull=True).exists()
    assert selectors.with_consent(Volunteer.objects.all(), channel="email").count() >= 30
    assert mail.outbox == []


def test_demo_seed_adds_an_internship_under_the_home_page(home_page):
    from recruitment.models import InternshipPage

    list(demo.seed())
    list(demo.seed())
    assert InternshipPage.objects.live().count() == 1
