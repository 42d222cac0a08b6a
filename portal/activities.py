"""The kinds of volunteer work the whole community talks about, and the kinds of event.

Offices say which they need, volunteers say which they like, events say which they are; one list in
code keeps those three in step and translated. Event types live here, in the base, because
training's qualifications and the insights filters name them as well as events do.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Activity(models.TextChoices):
    CANVASSING = "canvassing", _("Canvassing")
    PHONE_BANKING = "phone_banking", _("Phone banking")
    TEXT_BANKING = "text_banking", _("Text banking")
    VOTER_REGISTRATION = "voter_registration", _("Voter registration")
    EVENTS = "events", _("Events")
    DATA_ENTRY = "data_entry", _("Data entry")
    SOCIAL_MEDIA = "social_media", _("Social media")
    FUNDRAISING = "fundraising", _("Fundraising")
    HOSTING = "hosting", _("Hosting")
    OFFICE_HELP = "office_help", _("Office help")


def activity_labels(values) -> list[str]:
    labels = dict(Activity.choices)
    return [str(labels[value]) for value in values if value in labels]


class EventType(models.TextChoices):
    # Upper-case values match Mobilize's event types, so campaign tools read them as they are.
    CANVASS = "CANVASS", _("Canvass")
    PHONE_BANK = "PHONE_BANK", _("Phone bank")
    TEXT_BANK = "TEXT_BANK", _("Text bank")
    VOTER_REGISTRATION = "VOTER_REG", _("Voter registration")
    TRAINING = "TRAINING", _("Training")
    RALLY = "RALLY", _("Rally")
    FUNDRAISER = "FUNDRAISER", _("Fundraiser")
    COMMUNITY_MEETING = "MEETING", _("Community meeting")
    VIRTUAL_MEETING = "VIRTUAL_MEETING", _("Virtual meeting")
    OTHER = "OTHER", _("Other")
