"""Every write of mentoring, split by subdomain:

- `offers`: offers to mentor and requests for a mentor;
- `proposals`: matching runs, their review by hand, publishing;
- `pairs`: the life of a pair (check-ins, feedback, ending it);
- `notices`: the emails about pairs, recorded in a ledger before they are sent.

Callers import from here (`from recruitment.mentoring import services`); emails go out after
commit through `recruitment.mentoring.tasks`.
"""

from recruitment.mentoring.services.common import MentoringError
from recruitment.mentoring.services.notices import (
    FEEDBACK_AFTER,
    mentoring_notice_send,
    mentoring_notices_resend_lost,
    mentoring_send_due,
)
from recruitment.mentoring.services.offers import (
    mentor_offer,
    mentor_request_create,
    mentor_request_withdraw,
    mentor_set_status,
    signup_confirmed_request_mentor,
    signup_request_mentor,
)
from recruitment.mentoring.services.pairs import (
    checkin_mark_done,
    feedback_submit,
    mentoring_erase,
    pair_end,
)
from recruitment.mentoring.services.proposals import (
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
    "signup_confirmed_request_mentor",
    "signup_request_mentor",
]
