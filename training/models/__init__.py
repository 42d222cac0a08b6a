"""Training models, one module per subdomain: pages, qualifications, progress."""

from training.models.pages import (
    COURSE_FORMAT,
    FORMAT_CHOICES,
    MATERIAL_LANGUAGES,
    CourseModule,
    CoursePage,
    MaterialFormat,
    MaterialPage,
    Topic,
    TrainingIndexPage,
)
from training.models.progress import CourseCompletion, ModuleProgress
from training.models.qualifications import Qualification, QualificationGrant, add_months

__all__ = [
    "COURSE_FORMAT",
    "FORMAT_CHOICES",
    "MATERIAL_LANGUAGES",
    "CourseCompletion",
    "CourseModule",
    "CoursePage",
    "MaterialFormat",
    "MaterialPage",
    "ModuleProgress",
    "Qualification",
    "QualificationGrant",
    "Topic",
    "TrainingIndexPage",
    "add_months",
]
