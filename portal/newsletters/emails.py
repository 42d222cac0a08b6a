"""One-to-one emails: shout-outs and milestone thanks. They honour the suppression list too: they
are courtesies, not messages someone must receive."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from portal.links import site_base_url
from portal.mail import email_build
from portal.newsletters.models import Milestone, ShoutOut, Suppression
from portal.newsletters.rendering import organization_name
from portal.newsletters.tokens import shoutout_token


def _language_for(user) -> str:
    volunteer = getattr(user, "volunteer", None)
    language = getattr(volunteer, "preferred_language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _send(*, user, template: str, context: dict) -> bool:
    if not user.email or Suppression.objects.filter(email=user.email.lower()).exists():
        return False
    message = email_build(
        template=f"emails/newsletters/{template}",
        context={"name": user.get_short_name(), "organization": organization_name(), **context},
        to=[user.email],
        language=_language_for(user),
    )
    return message.send() == 1


def send_shoutout_email(*, shoutout: ShoutOut) -> bool:
    user = shoutout.recipient
    with translation.override(_language_for(user)):
        path = reverse(
            "newsletters:shoutout_public", args=[shoutout_token(shoutout_id=shoutout.pk)]
        )
    return _send(
        user=user,
        template="shoutout",
        context={"shoutout": shoutout, "public_url": site_base_url() + path},
    )


def send_milestone_email(*, milestone: Milestone) -> bool:
    from portal.newsletters.selectors import BADGE_DESCRIPTIONS

    return _send(
        user=milestone.user,
        template="milestone",
        context={
            "milestone": milestone,
            "description": BADGE_DESCRIPTIONS.get(milestone.kind, ""),
            "dashboard_url": site_base_url() + "/me/",
        },
    )
