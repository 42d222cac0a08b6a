"""Demo training: the library at /training/ (and /es/training/), three courses with modules,
video, documents and checks, a few materials, qualifications that gate canvass shifts, and some
progress so the statistics have something to say. Live trainings and Michigan's gated shifts
are events' to seed (events/demo.py), after this.

Needs no network: documents are generated here, and videos fall back to a link and transcript.
Safe to run again: everything is looked up before it is created.
"""

from collections.abc import Iterator
from copy import deepcopy

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Locale

from portal.roles import roles_apply
from training import demo_content as content
from training import services
from training.models import (
    CourseModule,
    CoursePage,
    MaterialPage,
    ModuleProgress,
    Qualification,
    TrainingIndexPage,
)

INDEX = {
    "en": {
        "title": "Training",
        "introduction": "Short courses and guides for canvassing, phone banking and registering "
        "voters. Learn at your own pace, on your phone, before your first shift.",
    },
    "es": {
        "title": "Capacitación",
        "introduction": "Cursos cortos y guías para tocar puertas, hacer llamadas y registrar "
        "votantes. Aprenda a su ritmo, desde su teléfono, antes de su primer turno.",
    },
}


def simple_pdf(title: str, lines: list[str]) -> bytes:
    """A small, valid one-page PDF with a title and lines of text (Latin-1 only)."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    commands = ["BT", "/F1 18 Tf", "72 720 Td", f"({escape(title)}) Tj", "/F1 12 Tf"]
    for line in lines:
        commands += ["0 -24 Td", f"({escape(line)}) Tj"]
    commands.append("ET")
    stream = "\n".join(commands).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _documents() -> dict[str, int]:
    Document = get_document_model()
    ids = {}
    for key, data in content.DOCUMENTS.items():
        document = Document.objects.filter(title=data["title"]).first()
        if document is None:
            if "text" in data:
                payload = data["text"].encode()
            else:
                payload = simple_pdf(data["title"], data["lines"])
            document = Document(title=data["title"])
            document.file.save(data["filename"], ContentFile(payload), save=False)
            document.file_size = len(payload)
            document._set_file_hash()
            document.save()
        ids[key] = document.pk
    return ids


def _with_documents(body: list[dict], documents: dict[str, int]) -> list[dict]:
    body = deepcopy(body)
    for block in body:
        if block["type"] == "document":
            block["value"]["document"] = documents[block["value"]["document"]]
    return body


def _qualifications() -> dict[str, Qualification]:
    found = {}
    for data in content.QUALIFICATIONS:
        qualification, created = Qualification.objects.get_or_create(
            name=data["name"], defaults=data
        )
        if not created and not qualification.name_es:
            # A demo seeded before qualifications had Spanish names gets them, once.
            qualification.name_es = data["name_es"]
            qualification.description_es = data["description_es"]
            qualification.save(update_fields=["name_es", "description_es"])
        found[data["name"]] = qualification
    return found


def _index() -> TrainingIndexPage:
    from home.models import HomePage

    existing = TrainingIndexPage.objects.filter(locale__language_code="en").first()
    if existing is not None:
        return existing
    home = HomePage.objects.get(locale__language_code="en")
    index = TrainingIndexPage(slug="training", show_in_menus=True, **INDEX["en"])
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def _translate(page, locale, fields: dict):
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing
    if page.get_parent().specific.get_translation_or_none(locale) is None:
        return None
    translation = page.copy_for_translation(locale, copy_parents=False)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation


def _course(index, data: dict, documents, qualifications) -> CoursePage:
    existing = CoursePage.objects.filter(slug=data["slug"], locale=index.locale).first()
    if existing is not None:
        return existing
    course = CoursePage(
        title=data["title"],
        slug=data["slug"],
        introduction=data["introduction"],
        topic=data["topic"],
        language=data["language"],
        pass_mark=data["pass_mark"],
        is_featured=data["is_featured"],
        grants_qualification=qualifications.get(data.get("qualification")),
    )
    course.modules = [
        CourseModule(
            title=module["title"],
            summary=module["summary"],
            estimated_minutes=module["estimated_minutes"],
            body=_with_documents(module["body"], documents),
        )
        for module in data["modules"]
    ]
    course.prerequisites = list(
        CoursePage.objects.filter(slug__in=data.get("prerequisites", []), locale=index.locale)
    )
    index.add_child(instance=course)
    course.save_revision().publish()
    return course


def _material(index, data: dict, documents) -> MaterialPage:
    existing = MaterialPage.objects.filter(slug=data["slug"], locale=index.locale).first()
    if existing is not None:
        return existing
    fields = {key: value for key, value in data.items() if key != "body"}
    material = MaterialPage(**fields, body=_with_documents(data["body"], documents))
    index.add_child(instance=material)
    material.save_revision().publish()
    return material


def _translate_course(
    course: CoursePage, spanish: Locale, data: dict, documents: dict[str, int]
) -> CoursePage | None:
    """The course in Spanish: the same modules (so progress and qualifications count in either
    language), their texts and blocks replaced by `data`'s, in the English course's order."""
    if course.get_translation_or_none(spanish) is not None:
        return course.get_translation(spanish)
    translation = _translate(
        course,
        spanish,
        {"title": data["title"], "introduction": data["introduction"], "language": "es"},
    )
    if translation is None:
        return None
    modules = list(translation.modules.all().order_by("sort_order", "pk"))
    for module, (title, summary, body) in zip(modules, data["modules"], strict=False):
        module.title, module.summary = title, summary
        module.body = _with_documents(body, documents)
    translation.modules = modules
    translation.save_revision().publish()
    return translation


def _translate_material(
    material: MaterialPage, spanish: Locale, data: dict, documents: dict[str, int]
) -> MaterialPage | None:
    fields = {key: value for key, value in data.items() if key != "body"}
    if "body" in data:
        fields["body"] = _with_documents(data["body"], documents)
    return _translate(material, spanish, fields)


def _answer_check(user, module: CourseModule, *, correct: bool) -> None:
    answers = {
        question["id"]: next(a["id"] for a in question["answers"] if a["correct"] == correct)
        for question in module.check_questions()
    }
    services.module_check_submit(user=user, module=module, answers=answers)


def _demo_progress(course: CoursePage) -> int:
    """Some demo volunteers part-way through Canvassing 101, a few finished, one stuck."""
    from recruitment.models import Volunteer

    people = [
        volunteer.user
        for volunteer in Volunteer.objects.filter(user__email__startswith="demo.volunteer")
        .select_related("user")
        .order_by("pk")[:8]
    ]
    modules = list(CourseModule.objects.filter(course=course).order_by("sort_order", "pk"))
    # How far each demo person got: the first three finish, then fewer modules each.
    reach = [len(modules), len(modules), len(modules), 3, 2, 2, 1, 1]
    touched = 0
    for user, how_far in zip(people, reach, strict=False):
        if ModuleProgress.objects.filter(user=user, module__course=course).exists():
            continue
        for module in modules[:how_far]:
            if module.knowledge_check is None:
                services.module_mark_done(user=user, module=module)
            else:
                _answer_check(user, module, correct=True)
        if how_far < len(modules) and modules[how_far].knowledge_check is not None:
            # Tried the next check and did not pass yet: the funnel shows where people stick.
            _answer_check(user, modules[how_far], correct=False)
        touched += 1
    return touched


def seed() -> Iterator[str]:
    roles_apply()
    spanish = Locale.objects.filter(language_code="es").first()
    index = _index()
    if spanish is not None:
        _translate(index, spanish, INDEX["es"])
    yield f"Training library at {index.url or index.url_path}"

    documents = _documents()
    qualifications = _qualifications()
    yield f"Qualifications: {', '.join(qualifications)}; documents: {len(documents)}"

    courses = {
        data["slug"]: _course(index, data, documents, qualifications) for data in content.COURSES
    }
    materials = [_material(index, data, documents) for data in content.MATERIALS]
    yield f"Courses: {', '.join(c.title for c in courses.values())}; materials: {len(materials)}"

    canvassing = courses["canvassing-101"]
    if spanish is not None:
        # Every course and material in Spanish, so /es/training/ never falls back to English.
        spanish_courses = {"canvassing-101": content.CANVASSING_101_ES, **content.COURSES_ES}
        for slug, data in spanish_courses.items():
            translated = _translate_course(courses[slug], spanish, data, documents)
            if translated is not None:
                yield f"Spanish course: {translated.title} at {translated.url}"
        for material in materials:
            data = content.MATERIALS_ES.get(material.slug)
            if data is not None:
                _translate_material(material, spanish, data, documents)

    # Events seed after training: they link live trainings to Canvassing 101 and gate
    # Michigan registration shifts (events point to training, never the reverse).
    yield "Canvass shifts need Canvass-ready"
    touched = _demo_progress(canvassing)
    yield f"Demo progress through {canvassing.title}: {touched} volunteers"


def record_as_told(*, now=None) -> int:
    """The demo's finished courses were congratulated when the demo says they were finished."""
    from portal.mail import DEMO_ADDRESS_SUFFIX
    from training.models import CourseCompletion

    now = now or timezone.now()
    return CourseCompletion.objects.filter(
        user__email__iendswith=DEMO_ADDRESS_SUFFIX, email_claimed_at__isnull=True
    ).update(email_claimed_at=now, email_sent_at=now)
