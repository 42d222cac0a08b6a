"""Rendering and sending mentoring emails, each in its recipient's language.

Contact details follow what each person agreed to when offering or asking: the introduction
always shares name and email address (both forms say so), and a mobile number only when that
person ticked "share my mobile number".
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from portal.links import absolute_url
from portal.mail import email_build
from recruitment.mentoring import selectors
from recruitment.mentoring.models import MentoringNotice, MentorPair
from recruitment.mentoring.tokens import feedback_token
from recruitment.models import Volunteer

TEMPLATES = {
    MentoringNotice.Kind.INTRODUCTION: "introduction",
    MentoringNotice.Kind.CHECKIN: "checkin",
    MentoringNotice.Kind.FEEDBACK: "feedback",
    MentoringNotice.Kind.ENDED: "ended",
}


def _short_name(person: Volunteer, *, is_mentor: bool) -> str:
    if person.user_id is not None:
        return person.user.get_short_name()
    # They deleted their account (and with it their name): only "your mentor" is left to say.
    return _("your mentor") if is_mentor else _("your mentee")


def send(*, pair: MentorPair, recipient: Volunteer, kind: str, key: str = "") -> None:
    is_mentor = recipient.pk == pair.mentor_id
    other = pair.newcomer if is_mentor else pair.mentor
    template = TEMPLATES[kind]
    language = recipient.preferred_language or settings.LANGUAGE_CODE
    phone = selectors.shared_phone(pair, other)
    with translation.override(language):
        # Names and explanations are worded in the recipient's language too.
        context = {
            "name": recipient.user.get_short_name(),
            "is_mentor": is_mentor,
            "other_name": other.full_name or _short_name(other, is_mentor=not is_mentor),
            "other_short_name": _short_name(other, is_mentor=not is_mentor),
            "other_email": other.email,
            "other_phone": phone.as_national if phone else "",
            "explanation": selectors.explain(
                pair.reasons, shift_names=selectors.shift_names([pair.reasons])
            ),
            "buddy": any(kind_ == "buddy" for kind_, _detail in pair.reasons or []),
            "me_url": absolute_url(reverse("dashboard:home")),
            "week": key.removeprefix("week"),
            "ended_by_organizer": key == MentorPair.EndedBy.ORGANIZER,
        }
        if kind == MentoringNotice.Kind.FEEDBACK:
            token = feedback_token(pair_id=pair.pk, volunteer_id=recipient.pk)
            context["feedback_url"] = absolute_url(reverse("mentoring:feedback", args=[token]))
    email_build(
        template=f"emails/mentoring/{template}",
        context=context,
        to=[recipient.email],
        language=language,
        reply_to=[other.email] if kind == MentoringNotice.Kind.INTRODUCTION else None,
    ).send()
