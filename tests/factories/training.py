"""Training for tests: a library under the home page, courses with modules, qualifications."""

import factory

from training.models import CourseModule, CoursePage, Qualification, TrainingIndexPage


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Qualification
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Qualified {n}")
    description = "Ready for the job."
    validity_months = None
    required_for_event_types = factory.LazyFunction(list)


def training_index(home_page) -> TrainingIndexPage:
    existing = TrainingIndexPage.objects.child_of(home_page).first()
    if existing is not None:
        return existing
    index = TrainingIndexPage(title="Training", slug="training", introduction="Learn with us.")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


def text_module(title: str = "Read this", minutes: int = 10) -> dict:
    return {
        "title": title,
        "estimated_minutes": minutes,
        "body": [{"type": "rich_text", "value": f"<p>{title}: the material.</p>"}],
    }


def check_module(title: str = "Check yourself", questions: int = 2, minutes: int = 10) -> dict:
    """A module whose check has `questions` questions; the first answer is always right."""
    return {
        "title": title,
        "estimated_minutes": minutes,
        "body": [
            {"type": "rich_text", "value": f"<p>{title}: the material.</p>"},
            {
                "type": "check",
                "value": {
                    "introduction": "",
                    "questions": [
                        {
                            "question": f"Question {n + 1} of {title}?",
                            "answers": [
                                {"text": f"Right answer {n + 1}", "is_correct": True},
                                {"text": f"Wrong answer {n + 1}", "is_correct": False},
                            ],
                            "hint": f"Hint for question {n + 1}.",
                        }
                        for n in range(questions)
                    ],
                },
            },
        ],
    }


def make_course(
    index: TrainingIndexPage,
    *,
    title: str = "Canvassing 101",
    slug: str | None = None,
    modules: list[dict] | None = None,
    grants: Qualification | None = None,
    prerequisites: list[CoursePage] | None = None,
    **fields,
) -> CoursePage:
    modules = modules if modules is not None else [text_module("Why"), check_module("Script")]
    defaults = {
        "introduction": "Everything before your first door.",
        "topic": "canvassing",
        "language": "en",
        "pass_mark": 80,
    }
    defaults.update(fields)
    course = CoursePage(
        title=title,
        slug=slug or title.lower().replace(" ", "-"),
        grants_qualification=grants,
        **defaults,
    )
    course.modules = [CourseModule(**module) for module in modules]
    course.prerequisites = prerequisites or []
    index.add_child(instance=course)
    course.save_revision().publish()
    return CoursePage.objects.get(pk=course.pk)


def modules_of(course: CoursePage) -> list[CourseModule]:
    return list(CourseModule.objects.filter(course=course).order_by("sort_order", "pk"))


def answers_for(module: CourseModule, *, right: int | None = None) -> dict[str, str]:
    """question id → answer id; the first `right` questions answered right (all when None)."""
    questions = module.check_questions()
    right = len(questions) if right is None else right
    return {
        question["id"]: question["answers"][0 if number < right else 1]["id"]
        for number, question in enumerate(questions)
    }
