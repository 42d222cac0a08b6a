"""StreamField blocks for training modules and materials.

Each block is a named StructBlock with its own template, so modules read well on a phone and
organizers see the same shapes in the editor. The knowledge check is special: the module page
renders it as a form (see `templates/training/course_module.html`), never through its template.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock, EmbedValue

from home.blocks import ImageWithCaptionBlock


class VideoEmbedBlock(EmbedBlock):
    """An embed that can be saved while the provider is unreachable.

    Wagtail's EmbedBlock refuses a URL when it cannot fetch the embed right now; an organizer
    working offline (or behind a firewall) could then never save a module. Any URL a configured
    finder accepts (YouTube, Vimeo, ...) is kept; the page shows a link and the transcript until
    the embed can be fetched.
    """

    def clean(self, value):
        from wagtail.embeds.finders import get_finders

        if isinstance(value, EmbedValue) and value.url:
            if not any(finder.accept(value.url) for finder in get_finders()):
                raise ValidationError(
                    _("Use a link from a video site we can embed, such as YouTube or Vimeo.")
                )
            return value
        return super().clean(value)


class VideoBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=150)
    video = VideoEmbedBlock(label=_("Video link"), help_text=_("A YouTube or Vimeo address."))
    duration_minutes = blocks.IntegerBlock(
        label=_("Length in minutes"), required=False, min_value=1, max_value=600
    )
    transcript = blocks.TextBlock(
        label=_("Transcript"),
        help_text=_("What is said and shown, for people who cannot watch or hear the video."),
    )

    class Meta:
        icon = "media"
        template = "blocks/training/video_block.html"
        label = _("Video")
        preview_value = {
            "title": "Your first door",
            "video": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "duration_minutes": 4,
            "transcript": "Knock, step back, smile, and say who you are.",
        }


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=150,
        help_text=_("Leave empty to use the document's own title."),
    )
    description = blocks.TextBlock(label=_("What it is for"), required=False, max_length=400)

    class Meta:
        icon = "doc-full"
        template = "blocks/training/document_block.html"
        label = _("Downloadable document")


SPEAKERS = [
    ("you", _("You say")),
    ("them", _("If they say")),
    ("note", _("Tip")),
]


class ScriptLineBlock(blocks.StructBlock):
    speaker = blocks.ChoiceBlock(label=_("Who"), choices=SPEAKERS, default="you")
    text = blocks.TextBlock(label=_("Line"))

    class Meta:
        icon = "openquote"
        label = _("Line")


class ScriptBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=150)
    kind = blocks.ChoiceBlock(
        label=_("Kind of script"),
        choices=[("canvass", _("Canvass script")), ("call", _("Call script"))],
        default="canvass",
    )
    lines = blocks.ListBlock(ScriptLineBlock(), label=_("Lines"), min_num=1)

    class Meta:
        icon = "list-ol"
        template = "blocks/training/script_block.html"
        label = _("Call or canvass script")
        preview_value = {
            "title": "At the door",
            "kind": "canvass",
            "lines": [
                {"speaker": "you", "text": "Hi, I'm Rosa, a volunteer with Neighbors United."},
                {"speaker": "them", "text": "I'm busy."},
                {"speaker": "you", "text": "No problem, can I leave this with you?"},
            ],
        }


class AnswerBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"), max_length=200)
    is_correct = blocks.BooleanBlock(label=_("Correct"), required=False)

    class Meta:
        icon = "radio-full"
        label = _("Answer")


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=300)
    answers = blocks.ListBlock(AnswerBlock(), label=_("Answers"), min_num=2, max_num=6)
    hint = blocks.CharBlock(
        label=_("Hint when the answer is wrong"),
        required=False,
        max_length=300,
        help_text=_("Point people back to the material without giving the answer away."),
    )

    class Meta:
        icon = "help"
        label = _("Question")

    def clean(self, value):
        result = super().clean(value)
        if sum(1 for answer in result["answers"] if answer["is_correct"]) != 1:
            raise StructBlockValidationError(
                block_errors={"answers": ValidationError(_("Mark exactly one answer as correct."))}
            )
        return result


class KnowledgeCheckBlock(blocks.StructBlock):
    introduction = blocks.CharBlock(
        label=_("Introduction"),
        required=False,
        max_length=300,
        default="Check what you learned before you move on.",
    )
    questions = blocks.ListBlock(QuestionBlock(), label=_("Questions"), min_num=1, max_num=20)

    class Meta:
        icon = "tasks"
        # Rendered as a form by the module page; on its own it shows nothing.
        template = "blocks/training/knowledge_check_block.html"
        label = _("Knowledge check")
        form_classname = "knowledge-check-block"


RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul"]


class MaterialBodyBlock(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(
        label=_("Text"),
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="blocks/paragraph_block.html",
    )
    video = VideoBlock()
    image = ImageWithCaptionBlock()
    document = DocumentBlock()
    script = ScriptBlock()


class ModuleBodyBlock(MaterialBodyBlock):
    check = KnowledgeCheckBlock()

    class Meta:
        block_counts = {"check": {"max_num": 1}}
