from recruitment.mentoring import demo as demo_mentoring
from recruitment.mentoring import selectors
from recruitment.mentoring.models import MatchingRun, MentorPair, MentorProfile, MentorRequest


def test_mentoring_demo_is_realistic_and_idempotent(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = list(demo_mentoring.seed())
    counts = (
        MentorProfile.objects.filter(status="approved").count(),
        MentorRequest.objects.count(),
        MentorPair.objects.filter(ended_at__isnull=True).count(),
    )
    assert counts == (15, 30, demo_mentoring.ALREADY_PAIRED)
    assert MatchingRun.objects.filter(status="published").count() == 1
    assert MentorRequest.objects.filter(status="open").count() == 25
    spanish = MentorRequest.objects.filter(status="open", language="es").count()
    assert spanish >= 12, "many newcomers ask for Spanish"
    assert len(selectors.overdue_checkins()) == 1
    assert "Published a matching" in " ".join(first)
    second = list(demo_mentoring.seed())
    assert "Published a matching" not in " ".join(second)
    assert (
        MentorProfile.objects.count(),
        MentorRequest.objects.count(),
        MentorPair.objects.count(),
        MatchingRun.objects.count(),
    ) == (15, 30, demo_mentoring.ALREADY_PAIRED, 1)
    # The demo's waiting newcomers can be matched straight away from the admin.
    from recruitment.mentoring import services as mentoring

    run = mentoring.matching_run_create()
    assert run.pairs.count() >= 15


def test_demo_buddies_share_a_shift_so_explanations_show_the_bonus(
    db, django_capture_on_commit_callbacks
):
    from events import demo as events_demo
    from events.models import RSVP
    from home import demo as home_demo
    from recruitment.mentoring import services as mentoring

    # The order seed_demo uses: the events exist before mentoring signs the buddies up.
    with django_capture_on_commit_callbacks(execute=True):
        for seed in (home_demo.seed, events_demo.seed, demo_mentoring.seed):
            lines = list(seed())
    assert any("buddies signed up" in line for line in lines)
    rsvps = RSVP.objects.filter(person__email="demo.mentor01@example.org").count()

    # The published pair's explanation (and introduction email) mentions the shared shift.
    published = MentorPair.objects.get(newcomer__user__email="demo.newcomer01@example.org")
    assert published.mentor.user.email == "demo.mentor01@example.org"
    assert "both signed up for" in selectors.explain(
        published.reasons, shift_names=selectors.shift_names([published.reasons])
    )
    # So does a proposed pair when an organizer runs matching on the waiting newcomers.
    run = mentoring.matching_run_create()
    rows = selectors.proposal_rows(run=run)
    buddies = [row for row in rows if "both signed up for" in row.explanation]
    assert [row.request.newcomer.user.email for row in buddies] == ["demo.newcomer27@example.org"]
    shift = RSVP.objects.get(person__email="demo.newcomer27@example.org").shift
    assert f"both signed up for {shift.page.title}" in buddies[0].explanation

    # Seeding again signs nobody up twice.
    mentoring.matching_run_discard(run=run)
    lines = list(demo_mentoring.seed())
    assert "Buddies already share an upcoming shift" in lines
    assert RSVP.objects.filter(person__email="demo.mentor01@example.org").count() == rsvps
