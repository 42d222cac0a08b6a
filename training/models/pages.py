"""Training pages: the library at /training/, courses made of ordered modules, and materials."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal.text import StorableTextPageForm
from training.blocks import MaterialBodyBlock, ModuleBodyBlock
from training.forms_admin import CoursePageForm


class Topic(models.TextChoices):
    GETTING_STARTED = "getting_started", _("Getting started")
    CANVASSING = "canvassing", _("Canvassing")
    PHONE_BANKING = "phone_banking", _("Phone banking")
    TEXT_BANKING = "text_banking", _("Text banking")
    VOTER_REGISTRATION = "voter_registration", _("Voter registration")
    CAMPAIGN_TOOLS = "campaign_tools", _("Campaign tools")
    SAFETY = "safety", _("Safety and conduct")
    LEADERSHIP = "leadership", _("Leading a team")


class MaterialFormat(models.TextChoices):
    VIDEO = "video", _("Video")
    SLIDES = "slides", _("Slide deck")
    CALL_SCRIPT = "call_script", _("Call script")
    CANVASS_GUIDE = "canvass_guide", _("Canvassing guide")
    HOW_TO = "how_to", _("How-to")
    HANDOUT = "handout", _("Handout")


# The library's "format" filter: courses plus every material format.
COURSE_FORMAT = "course"
FORMAT_CHOICES = [(COURSE_FORMAT, _("Course")), *MaterialFormat.choices]

# Languages materials come in. Campaigns often keep a script in a language the site itself is
# not translated into, so this is wider than the site's own languages.
MATERIAL_LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
    ("zh", "中文"),
    ("vi", "Tiếng Việt"),
    ("tl", "Tagalog"),
    ("ko", "한국어"),
    ("ar", "العربية"),
    ("ht", "Kreyòl ayisyen"),
    ("fr", "Français"),
    ("ru", "Русский"),
]


class LibraryItemMixin(models.Model):
    """Fields courses and materials share, so the library can filter both the same way."""

    introduction = models.TextField(_("introduction"), max_length=600)
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    language = models.CharField(
        _("language of the material"),
        max_length=8,
        choices=MATERIAL_LANGUAGES,
        default="en",
        help_text=_("The language people will read, watch or hear."),
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    @property
    def language_label(self) -> str:
        return str(dict(MATERIAL_LANGUAGES).get(self.language, self.language))


class TrainingIndexPage(RoutablePageMixin, Page):
    """/training/: courses and materials, browsable by topic, format and language, searchable."""

    base_form_class = StorableTextPageForm

    introduction = models.TextField(_("introduction"), blank=True, max_length=500)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["training.CoursePage", "training.MaterialPage"]
    max_count_per_parent = 1
    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    class Meta:
        verbose_name = _("training library")

    @path("")
    def library(self, request):
        from training.views import library

        return library(request, self)


class CoursePage(RoutablePageMixin, LibraryItemMixin, Page):
    """A short course: ordered modules, a pass mark for its checks, maybe a qualification."""

    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("The share of a module's questions people must answer right to pass it."),
    )
    grants_qualification = models.ForeignKey(
        "training.Qualification",
        verbose_name=_("completing it grants"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="granting_courses",
    )
    prerequisites = ParentalManyToManyField(
        "training.CoursePage",
        verbose_name=_("courses to finish first"),
        blank=True,
        related_name="+",
    )
    is_featured = models.BooleanField(
        _("feature on the home page"),
        default=False,
        help_text=_("Featured courses come first on the home page and in newsletters."),
    )

    base_form_class = CoursePageForm
    parent_page_types = ["training.TrainingIndexPage"]
    subpage_types: list[str] = []
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.RelatedFields("modules", [index.SearchField("title"), index.SearchField("summary")]),
        index.FilterField("topic"),
        index.FilterField("language"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldRowPanel([FieldPanel("topic"), FieldPanel("language")]),
        InlinePanel(
            "modules",
            heading=_("Modules"),
            label=_("Module"),
            min_num=1,
            help_text=_(
                "People go through them in this order. Removing a module also removes "
                "everyone's progress on it."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("pass_mark"),
                FieldPanel("grants_qualification"),
                FieldPanel("prerequisites", widget=forms.CheckboxSelectMultiple),
                FieldPanel("is_featured"),
            ],
            heading=_("Completion"),
        ),
    ]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    @cached_property
    def ordered_modules(self) -> list[CourseModule]:
        return list(self.modules.all().order_by("sort_order", "pk"))

    @property
    def total_minutes(self) -> int:
        return sum(module.estimated_minutes for module in self.ordered_modules)

    def get_context(self, request, *args, **kwargs):
        from training.selectors import course_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_page_context(course=self, user=request.user))
        return context

    @path("")
    def overview(self, request):
        from training.views import course_overview

        return course_overview(request, self)

    @path("modules/<id:module_id>/")
    def module(self, request, module_id: int):
        from training.views import module_detail

        return module_detail(request, self, module_id)

    @path("modules/<id:module_id>/done/")
    def module_done(self, request, module_id: int):
        from training.views import module_mark_done

        return module_mark_done(request, self, module_id)

    @path("modules/<id:module_id>/check/")
    def module_check(self, request, module_id: int):
        from training.views import module_check

        return module_check(request, self, module_id)


class CourseModule(Orderable):
    """One step of a course. Progress rows point at its id, which stays put across revisions."""

    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="modules")
    title = models.CharField(_("title"), max_length=150)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated time (minutes)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )
    body = StreamField(ModuleBodyBlock(), verbose_name=_("content"))

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("estimated_minutes")]),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Body data written by code (demo content, imports) is stored as given, without ids on
        # list items; the check's questions and answers need ids that stay put, so every block
        # is converted (and given its ids) before saving.
        for _block in self.body:
            pass
        super().save(*args, **kwargs)

    @cached_property
    def knowledge_check(self):
        """The module's knowledge check (a StructValue), or None when marking it done is enough."""
        for block in self.body:
            if block.block_type == "check":
                return block.value
        return None

    def check_questions(self) -> list[dict]:
        """The check's questions with their stable block ids: [{id, question, hint, answers}]."""
        check = self.knowledge_check
        if check is None:
            return []
        questions = []
        for bound in check["questions"].bound_blocks:
            answers = [
                {
                    "id": answer.id,
                    "text": answer.value["text"],
                    "correct": answer.value["is_correct"],
                }
                for answer in bound.value["answers"].bound_blocks
            ]
            questions.append(
                {
                    "id": bound.id,
                    "question": bound.value["question"],
                    "hint": bound.value["hint"],
                    "answers": answers,
                }
            )
        return questions


class MaterialPage(LibraryItemMixin, Page):
    """A standalone material: a video, slide deck, script, guide or how-to."""

    base_form_class = StorableTextPageForm

    format = models.CharField(_("format"), max_length=20, choices=MaterialFormat.choices)
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated time (minutes)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )
    body = StreamField(MaterialBodyBlock(), verbose_name=_("content"))

    parent_page_types = ["training.TrainingIndexPage"]
    subpage_types: list[str] = []
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
        index.FilterField("topic"),
        index.FilterField("language"),
        index.FilterField("format"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldRowPanel([FieldPanel("format"), FieldPanel("topic")]),
        FieldRowPanel([FieldPanel("language"), FieldPanel("estimated_minutes")]),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("training material")
        verbose_name_plural = _("training materials")
