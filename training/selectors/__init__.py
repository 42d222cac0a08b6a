"""Reads about training shared by pages, /me/, the home page, events' gating and the admin.

Other apps call `featured_courses`, `course_progress_for`, `qualification_missing` (and its batch
forms `qualifications_missing_for_shifts` and `shift_gates`), `completions_in` and
`training_summary_for` from here; keep their names and shapes stable. Split by subdomain;
everything is importable from `training.selectors`.
"""

from training.selectors.library import (
    LibraryFilters,
    featured_courses,
    library_items,
    training_index_page,
)
from training.selectors.progress import (
    CourseProgress,
    ModuleState,
    completed_translation_keys,
    course_page_context,
    course_progress_for,
    live_trainings_url,
    missing_prerequisites,
    training_personal_data,
    training_summary_for,
    upcoming_sessions,
)
from training.selectors.qualifications import (
    ShiftGate,
    course_for_qualification,
    event_type_requirements,
    people_missing_qualification,
    qualification_missing,
    qualifications_held_by,
    qualifications_missing_for_shifts,
    shift_gates,
    shift_requirements,
    shift_requirements_by_shift,
)
from training.selectors.reports import (
    completion_rows,
    completions_in,
    course_funnel,
    course_stats,
)

__all__ = [
    "CourseProgress",
    "LibraryFilters",
    "ModuleState",
    "ShiftGate",
    "completed_translation_keys",
    "completion_rows",
    "completions_in",
    "course_for_qualification",
    "course_funnel",
    "course_page_context",
    "course_progress_for",
    "course_stats",
    "event_type_requirements",
    "featured_courses",
    "library_items",
    "live_trainings_url",
    "missing_prerequisites",
    "people_missing_qualification",
    "qualification_missing",
    "qualifications_held_by",
    "qualifications_missing_for_shifts",
    "shift_gates",
    "shift_requirements",
    "shift_requirements_by_shift",
    "training_index_page",
    "training_personal_data",
    "training_summary_for",
    "upcoming_sessions",
]
