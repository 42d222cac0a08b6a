"""Reads about training shared by pages, /me/, the home page, events' gating and the admin.

Other apps call `featured_courses`, `course_progress_for`, the qualification rules
(`event_type_requirements`, `combined_requirements`, `first_missing`, `gates_for`,
`people_missing_qualification`; events.gating applies them to shifts), `completions_in` and
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
    missing_prerequisites,
    training_personal_data,
    training_summary_for,
)
from training.selectors.qualifications import (
    ShiftGate,
    combined_requirements,
    course_for_qualification,
    event_type_requirements,
    first_missing,
    gates_for,
    people_missing_qualification,
    qualifications_by_id,
    qualifications_held_by,
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
    "combined_requirements",
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
    "first_missing",
    "gates_for",
    "library_items",
    "missing_prerequisites",
    "people_missing_qualification",
    "qualifications_by_id",
    "qualifications_held_by",
    "training_index_page",
    "training_personal_data",
    "training_summary_for",
]
