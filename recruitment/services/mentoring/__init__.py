"""Every write of mentoring, split by subdomain:

- `offers`: offers to mentor and requests for a mentor;
- `proposals`: matching runs, their review by hand, publishing;
- `pairs`: the life of a pair (check-ins, feedback, ending it);
- `notices`: the emails about pairs, recorded in a ledger before they are sent.

Callers import from here (`from recruitment.services import mentoring`); emails go out after
commit through `recruitment.tasks`.
"""

from recruitment.services.mentoring.common import MentoringError
from recruitment.services.mentoring.notices import (
    FEEDBACK_AFTER,
    mentoring_notice_send,
    mentoring_notices_resend_lost,
    mentoring_send_due,
)
from recruitment.services.mentoring.offers import (
    mentor_offer,
    mentor_request_create,
    mentor_request_withdraw,
    mentor_set_status,
    signup_request_mentor,
)
from recruitment.services.mentoring.pairs import (
    checkin_mark_done,
    feedback_submit,
    mentoring_erase,
    pair_end,
)
from recruitment.services.mentoring.proposals import (
    matching_run_create,
    matching_run_discard,
    proposal_assign,
    proposal_decide,
    proposal_publish,
    proposal_swap,
)

__all__ = [
    "FEEDBACK_AFTER",
    "MentoringError",
    "checkin_mark_done",
    "feedback_submit",
    "matching_run_create",
    "matching_run_discard",
    "mentor_offer",
    "mentor_request_create",
    "mentor_request_withdraw",
    "mentor_set_status",
    "mentoring_erase",
    "mentoring_notice_send",
    "mentoring_notices_resend_lost",
    "mentoring_send_due",
    "pair_end",
    "proposal_assign",
    "proposal_decide",
    "proposal_publish",
    "proposal_swap",
    "signup_request_mentor",
]
