from recruitment import demo_mentoring
from recruitment import selectors_mentoring as selectors
from recruitment.models import MatchingRun, MentorPair, MentorProfile, MentorRequest


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
    from recruitment.services import mentoring

    run = mentoring.matching_run_create()
    assert run.pairs.count() >= 15
