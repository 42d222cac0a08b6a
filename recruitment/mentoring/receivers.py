"""Receivers for recruitment's signals (connected in MentoringConfig.ready): thin adapters that
call the mentoring services, like tasks do."""

from recruitment.mentoring import services
from recruitment.signals import WISH_MENTOR


def request_mentor_at_signup(sender, *, signup, wishes, **kwargs) -> None:
    if WISH_MENTOR in wishes:
        services.signup_request_mentor(signup=signup)


def request_mentor_on_confirmation(sender, *, volunteer, pending, **kwargs) -> None:
    services.signup_confirmed_request_mentor(volunteer=volunteer, pending=pending)


def erase_mentoring(sender, *, volunteer, **kwargs) -> None:
    services.mentoring_erase(volunteer=volunteer)
