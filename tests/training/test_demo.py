from wagtail.documents import get_document_model
from wagtail.models import Locale

from events import demo as events_demo
from events.models import EventPage, Shift
from home import demo as home_demo
from recruitment import demo as recruitment_demo
from training import demo
from training.models import (
    CourseCompletion,
    CourseModule,
    CoursePage,
    MaterialPage,
    ModuleProgress,
    Qualification,
    QualificationGrant,
)


def _counts():
    return [
        EventPage.objects.exclude(course=None).count(),
        *(
            model.objects.count()
            for model in (
                CoursePage,
                CourseModule,
                MaterialPage,
                Qualification,
                QualificationGrant,
                ModuleProgress,
                CourseCompletion,
                get_document_model(),
            )
        ),
    ]


def test_demo_training_is_realistic_bilingual_offline_and_idempotent(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for seed in (home_demo.seed, recruitment_demo.seed):
        for _line in seed():
            pass
    # seed_demo's order: training first, then events link their live trainings to its courses.
    lines = list(demo.seed())
    list(events_demo.seed())
    counts = _counts()
    again = list(demo.seed())
    list(events_demo.seed())
    assert _counts() == counts
    assert "Demo progress through Canvassing 101: 0 volunteers" in again[-1]
    assert lines[0] == "Training library at /training/"

    titles = set(CoursePage.objects.values_list("title", flat=True))
    assert {"Canvassing 101", "Phone banking basics", "Registering voters in Michigan"} <= titles
    assert "Tocar puertas 101" in titles
    spanish = CoursePage.objects.get(title="Tocar puertas 101")
    assert spanish.url == "/es/training/canvassing-101/"
    script = spanish.ordered_modules[2].knowledge_check["questions"][0]["question"]
    assert script == "Alguien le dice que está ocupado. ¿Qué hace?"
    canvassing = CoursePage.objects.get(slug="canvassing-101", locale__language_code="en")
    assert canvassing.grants_qualification.name == "Canvass-ready"
    assert canvassing.grants_qualification.validity_months == 12
    assert canvassing.grants_qualification.required_for_event_types == ["CANVASS"]
    kinds = {block.block_type for m in canvassing.ordered_modules for block in m.body}
    assert {"video", "document", "script", "check", "rich_text"} <= kinds
    michigan = CoursePage.objects.get(
        slug="registering-voters-in-michigan", locale__language_code="en"
    )
    assert list(michigan.prerequisites.all()) == [canvassing]
    # Every course and material has its Spanish version, with the course's modules in Spanish.
    for model in (CoursePage, MaterialPage):
        for page in model.objects.filter(locale__language_code="en"):
            translated = page.get_translation_or_none(Locale.objects.get(language_code="es"))
            assert translated is not None and translated.live, page.slug
    spanish_michigan = michigan.get_translation(Locale.objects.get(language_code="es"))
    assert spanish_michigan.ordered_modules[0].title == "Quién puede inscribirse en Míchigan"
    assert Qualification.objects.get(name="Canvass-ready").name_es

    # Live trainings are upcoming training events; some people finished, some dropped off.
    assert canvassing.live_trainings.filter(event_type="TRAINING").exists()
    assert CourseCompletion.objects.filter(course=canvassing).count() == 3
    assert ModuleProgress.objects.filter(completed_at__isnull=True).exists()

    # Generated documents are real PDFs (and one text file).
    for document in get_document_model().objects.all():
        head = document.file.read(5)
        assert head == b"%PDF-" or document.file_extension == "txt"

    # Michigan voter registration shifts (if this month has any) need their own qualification.
    registrar = Qualification.objects.get(name="Michigan voter registrar")
    for shift in Shift.objects.filter(page__event_type="VOTER_REG", page__region="MI"):
        assert shift.required_qualification == registrar
