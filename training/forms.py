"""Public training forms: the library filter and a module's knowledge check."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.text import StorableTextMixin
from training.models import FORMAT_CHOICES, MATERIAL_LANGUAGES, Topic

QUERY_MAX_LENGTH = 200


class LibraryFilterForm(StorableTextMixin, forms.Form):
    q = forms.CharField(label=_("Search trainings"), required=False, max_length=QUERY_MAX_LENGTH)
    topic = forms.ChoiceField(
        label=_("Topic"), choices=[("", _("All topics")), *Topic.choices], required=False
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=[("", _("All formats")), *FORMAT_CHOICES], required=False
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("All languages")), *MATERIAL_LANGUAGES],
        required=False,
    )

    def clean_q(self):
        return " ".join((self.cleaned_data.get("q") or "").split())


class KnowledgeCheckForm(StorableTextMixin, forms.Form):
    """One group of radio buttons per question; answers are the check's stable block ids."""

    def __init__(self, *args, questions: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for number, question in enumerate(questions, start=1):
            self.fields[self.field_name(question["id"])] = forms.ChoiceField(
                label=f"{number}. {question['question']}",
                choices=[(answer["id"], answer["text"]) for answer in question["answers"]],
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose an answer."),
                    "invalid_choice": _("That answer is not one of the choices. Choose again."),
                },
            )

    @staticmethod
    def field_name(question_id: str) -> str:
        return f"q_{question_id}"

    def answers(self) -> dict[str, str]:
        return {
            question["id"]: self.cleaned_data[self.field_name(question["id"])]
            for question in self.questions
        }
