"""Questions an event asks at sign-up: their form fields, checking answers, and who may read them.

The RSVP form, the RSVP service, the desk, the CSV export and the attendances API all read
answers through here, so the rules (required, valid choices, sensitive answers only for
organizers and the event's host) have one copy.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import RSVP, Answer, EventPage, Question
from portal.text import is_storable

FIELD_PREFIX = "question_"
YES, NO = "yes", "no"
SHORT_MAX, LONG_MAX = 300, 2000


def _spanish(language: str | None) -> bool:
    return (language or "").lower().startswith("es")


def question_text(question: Question, *, language: str | None) -> str:
    return question.text_es if _spanish(language) and question.text_es else question.text


def question_choices(question: Question, *, language: str | None) -> list[tuple[str, str]]:
    """(stored value, label) pairs. The English line is the stored value, so answers read the
    same whatever language the person signed up in."""
    values = [line.strip() for line in question.choices.splitlines() if line.strip()]
    labels = [line.strip() for line in question.choices_es.splitlines() if line.strip()]
    if not _spanish(language) or len(labels) != len(values):
        labels = values
    return list(zip(values, labels, strict=True))


def event_questions(*, event: EventPage) -> list[Question]:
    # A translation asks its source's questions: one event, one set of answers. Kept on the
    # page object (which lives for one request): the form and the RSVP service both ask.
    owner = event.shift_owner
    if "_questions" not in owner.__dict__:
        owner._questions = list(Question.objects.filter(page=owner).order_by("sort_order", "pk"))
    return list(owner._questions)


def field_name(question: Question) -> str:
    return f"{FIELD_PREFIX}{question.pk}"


def question_form_fields(
    *, questions: list[Question], language: str | None
) -> dict[str, forms.Field]:
    """One form field per question, named `question_<id>`."""
    fields: dict[str, forms.Field] = {}
    for question in questions:
        label = question_text(question, language=language)
        required = question.required
        kind = question.kind
        if kind == Question.Kind.SHORT_TEXT:
            field = forms.CharField(max_length=SHORT_MAX)
        elif kind == Question.Kind.LONG_TEXT:
            field = forms.CharField(max_length=LONG_MAX, widget=forms.Textarea(attrs={"rows": 3}))
        elif kind == Question.Kind.YES_NO:
            field = forms.ChoiceField(
                choices=[(YES, gettext_lazy("Yes")), (NO, gettext_lazy("No"))],
                widget=forms.RadioSelect,
            )
        elif kind == Question.Kind.ONE_CHOICE:
            field = forms.ChoiceField(
                choices=question_choices(question, language=language), widget=forms.RadioSelect
            )
        else:
            field = forms.MultipleChoiceField(
                choices=question_choices(question, language=language),
                widget=forms.CheckboxSelectMultiple,
            )
        field.label = label
        field.required = required
        fields[field_name(question)] = field
    return fields


def answers_from_form(*, cleaned_data: dict, questions: list[Question]) -> dict[int, object]:
    return {
        question.pk: cleaned_data.get(field_name(question))
        for question in questions
        if field_name(question) in cleaned_data
    }


def answers_check(
    *, event: EventPage, answers: dict[int, object] | None
) -> tuple[list[Answer], dict[str, list[str]]]:
    """Unsaved Answer rows for `answers` ({question id: value}) and the problems found.

    The service checks again what the form checked, because the API and standing sign-ups come
    in without a form: a required answer left empty or a choice not offered is refused.
    """
    answers = answers or {}
    rows: list[Answer] = []
    problems: list[str] = []
    questions = event_questions(event=event)
    known = {question.pk for question in questions}
    if any(str(key) not in {str(pk) for pk in known} for key in answers):
        problems.append(_("An answer was sent for a question this event does not ask."))
    by_id = {str(key): value for key, value in answers.items()}
    for question in questions:
        value = _normalized(question, by_id.get(str(question.pk)))
        if value is None:
            problems.append(
                _("“%(question)s”: this answer is not one of the choices.")
                % {"question": question.text}
            )
            continue
        if not value:
            if question.required:
                problems.append(
                    _("“%(question)s”: please answer this question.") % {"question": question.text}
                )
            continue
        rows.append(
            Answer(
                question=question,
                question_text=question.text,
                sensitive=question.sensitive,
                value=value,
            )
        )
    return rows, ({"answers": problems} if problems else {})


def _normalized(question: Question, value) -> str | None:
    """The answer as stored (several choices one per line), "" for no answer, None if invalid."""
    if value is None or value == "" or value == []:
        return ""
    kind = question.kind
    if kind in (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT):
        # NUL and lone surrogates cannot be stored (portal.text); answers may come from the API.
        if not isinstance(value, str) or not is_storable(value):
            return None
        limit = SHORT_MAX if kind == Question.Kind.SHORT_TEXT else LONG_MAX
        return value.strip()[:limit] if len(value) <= limit else None
    if kind == Question.Kind.YES_NO:
        if isinstance(value, bool):
            return YES if value else NO
        return value if value in (YES, NO) else None
    offered = {stored for stored, _label in question_choices(question, language="en")}
    # Several choices may come as lines of one text (the API's text_value).
    chosen = value.splitlines() if isinstance(value, str) else value
    if not isinstance(chosen, list | tuple) or not all(isinstance(c, str) for c in chosen):
        return None
    if kind == Question.Kind.ONE_CHOICE and len(chosen) != 1:
        return None
    if any(choice not in offered for choice in chosen):
        return None
    return "\n".join(dict.fromkeys(chosen))


def may_read_sensitive(*, user, event: EventPage) -> bool:
    """Organizers and the event's own host read sensitive answers; interns never do."""
    from events.selectors import can_run_desk_for_all

    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return can_run_desk_for_all(user) or (event.host_id is not None and event.host_id == user.pk)


def answers_for(*, rsvps: list[RSVP], with_sensitive: bool) -> dict[int, list[Answer]]:
    """{rsvp id: answers} for the reader: sensitive answers only when they may read them."""
    rows = (
        Answer.objects.filter(rsvp__in=[rsvp.pk for rsvp in rsvps])
        .select_related("question")
        .order_by("question__sort_order", "pk")
    )
    if not with_sensitive:
        rows = rows.filter(sensitive=False)
    found: dict[int, list[Answer]] = {}
    for answer in rows:
        found.setdefault(answer.rsvp_id, []).append(answer)
    return found


def answer_display(answer: Answer) -> str:
    if answer.value == YES:
        return _("Yes")
    if answer.value == NO:
        return _("No")
    return "; ".join(answer.value.splitlines())


def signup_field_values(answers: list[Answer]) -> list[dict]:
    """Answers in the shape of Mobilize's `custom_signup_field_values`."""
    values = []
    for answer in answers:
        is_yes_no = answer.value in (YES, NO) and (
            answer.question is None or answer.question.kind == Question.Kind.YES_NO
        )
        values.append(
            {
                "custom_field_id": answer.question_id,
                "custom_field_name": answer.question_text,
                "text_value": None if is_yes_no else answer.value,
                "boolean_value": (answer.value == YES) if is_yes_no else None,
            }
        )
    return values
