"""Public training views, served through the pages' routes (RoutablePageMixin).

Reading is open to everyone; marking modules done and answering checks needs a login. Every
write is a POST with CSRF that works without JavaScript and ends in a redirect or a clear 4xx.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _

from training import selectors, services
from training.forms import KnowledgeCheckForm, LibraryFilterForm
from training.models import CourseModule, CoursePage, TrainingIndexPage


def library(request: HttpRequest, index: TrainingIndexPage) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    form = LibraryFilterForm(request.GET or None)
    status = 200
    filters = selectors.LibraryFilters()
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            filters = selectors.LibraryFilters(
                topic=data["topic"],
                format=data["format"],
                language=data["language"],
                query=data["q"],
            )
        else:
            status = 400
    language = translation.get_language() or "en"
    items = selectors.library_items(filters=filters, language=language)
    response = index.render(
        request,
        context_overrides={
            "filter_form": form,
            "items": items,
            "is_filtered": any(vars(filters).values()),
        },
    )
    response.status_code = status
    return response


def course_overview(request: HttpRequest, course: CoursePage) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    return course.render(request)


def _module_or_404(course: CoursePage, module_id: int) -> CourseModule:
    module = next((m for m in course.ordered_modules if m.pk == module_id), None)
    if module is None:
        raise Http404
    return module


def _module_response(
    request: HttpRequest,
    course: CoursePage,
    module: CourseModule,
    *,
    form: KnowledgeCheckForm | None = None,
    result: services.CheckResult | None = None,
    error: str = "",
    status: int = 200,
) -> TemplateResponse:
    progress = selectors.course_progress_for(user=request.user, course=course)
    state = progress.state_for(module.pk)
    questions = module.check_questions()
    if form is None and questions:
        form = KnowledgeCheckForm(questions=questions)
    index = [s.module.pk for s in progress.modules].index(module.pk)
    previous_state = progress.modules[index - 1] if index > 0 else None
    next_state = progress.modules[index + 1] if index + 1 < len(progress.modules) else None
    wrong = set(result.wrong_question_ids) if result else set()
    check_fields = []
    if form is not None:
        for question in questions:
            check_fields.append(
                {
                    "field": form[form.field_name(question["id"])],
                    "answered_wrong": question["id"] in wrong,
                    "answered_right": result is not None and question["id"] not in wrong,
                    "hint": question["hint"],
                }
            )
    return TemplateResponse(
        request,
        "training/course_module.html",
        {
            "page": course,
            "self": course,
            "course": course,
            "module": module,
            "state": state,
            "progress": progress,
            "check_form": form,
            "check_fields": check_fields,
            "result": result,
            "error": error,
            "previous_state": previous_state,
            "next_state": next_state,
        },
        status=status,
    )


def module_detail(request: HttpRequest, course: CoursePage, module_id: int) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    return _module_response(request, course, _module_or_404(course, module_id))


def _module_for_post(course: CoursePage, module_id: int) -> CourseModule | None:
    """The module, even from another course, so the service can say why it is refused."""
    module = next((m for m in course.ordered_modules if m.pk == module_id), None)
    return module or CourseModule.objects.filter(pk=module_id).first()


def _problem(request: HttpRequest, course: CoursePage, message: str) -> TemplateResponse:
    return TemplateResponse(
        request,
        "training/problem.html",
        {"page": course, "self": course, "course": course, "message": message},
        status=400,
    )


def _after_progress(request: HttpRequest, course: CoursePage, completion) -> HttpResponse:
    progress = selectors.course_progress_for(user=request.user, course=course)
    if completion is not None or progress.is_complete:
        return redirect(course.url + "#progress")
    following = progress.next_module
    if following is None:
        return redirect(course.url)
    return redirect(course.url + course.reverse_subpage("module", args=[following.module.pk]))


def module_mark_done(request: HttpRequest, course: CoursePage, module_id: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    module = _module_for_post(course, module_id)
    if module is None:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(course.url + course.reverse_subpage("module", args=[module.pk]))
    try:
        _progress, completion = services.module_mark_done(
            user=request.user, module=module, course=course
        )
    except services.TrainingError as problem:
        if module.course_id != course.pk:
            return _problem(request, course, problem.message)
        return _module_response(request, course, module, error=problem.message, status=400)
    if completion is not None:
        messages.success(request, _completed_text(course))
    else:
        messages.success(request, _("“%(title)s” is done.") % {"title": module.title})
    return _after_progress(request, course, completion)


def module_check(request: HttpRequest, course: CoursePage, module_id: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    module = _module_for_post(course, module_id)
    if module is None:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(course.url + course.reverse_subpage("module", args=[module.pk]))
    if module.course_id != course.pk:
        return _problem(request, course, _("That module is not part of this course."))
    questions = module.check_questions()
    if not questions:
        return _module_response(
            request, course, module, error=_("This module has no check to answer."), status=400
        )
    form = KnowledgeCheckForm(request.POST, questions=questions)
    if not form.is_valid():
        return _module_response(
            request,
            course,
            module,
            form=form,
            error=_("Answer every question with one of its choices."),
            status=400,
        )
    try:
        result = services.module_check_submit(
            user=request.user, module=module, answers=form.answers(), course=course
        )
    except services.TrainingError as problem:
        return _module_response(request, course, module, error=problem.message, status=400)
    if not result.passed:
        return _module_response(request, course, module, form=form, result=result)
    if result.completion is not None:
        messages.success(request, _completed_text(course))
    else:
        messages.success(
            request,
            _("You passed with %(score)s%%. “%(title)s” is done.")
            % {"score": result.score, "title": module.title},
        )
    return _after_progress(request, course, result.completion)


def _completed_text(course: CoursePage) -> str:
    text = _("Congratulations! You completed “%(title)s”.") % {"title": course.title}
    if course.grants_qualification_id:
        text += " " + _("You are now %(name)s.") % {"name": course.grants_qualification.name}
    return text
