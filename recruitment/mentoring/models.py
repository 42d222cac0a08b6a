"""Mentoring: experienced volunteers' offers, newcomers' requests, matching runs and their proposed
pairs, the pairs themselves, their check-ins and feedback, and the ledger of emails about them.

The tables keep the names they had while these models lived in the recruitment app (migration
mentoring 0001 moved only Django's state), so no data had to be copied."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from recruitment.models.people import Language, Volunteer

MAX_MENTEES = 10


class MentorProfile(models.Model):
    """A volunteer's offer to mentor, which an organizer approves before anyone is matched."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", pgettext_lazy("mentor status", "Approved")
        PAUSED = "paused", _("Paused")

    volunteer = models.OneToOneField(
        Volunteer, on_delete=models.CASCADE, related_name="mentor_profile"
    )
    capacity = models.PositiveSmallIntegerField(
        _("newcomers at once"), help_text=_("How many newcomers you can mentor at the same time.")
    )
    # Lists of Language, Activity and Availability values, like the volunteer's own availability.
    languages = models.JSONField(_("languages"), default=list, blank=True)
    interests = models.JSONField(_("interests"), default=list, blank=True)
    availability = models.JSONField(_("availability"), default=list, blank=True)
    share_phone = models.BooleanField(_("share my mobile number with my mentees"), default=False)
    about = models.TextField(_("a few words about you"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    created_at = models.DateTimeField(_("offered"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "recruitment_mentorprofile"
        ordering = ["created_at", "pk"]
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1) & Q(capacity__lte=MAX_MENTEES),
                name="mentor_capacity_1_to_10",
            )
        ]
        permissions = [("manage_mentoring", _("Can run mentor matching and manage pairs"))]

    def __str__(self) -> str:
        return str(self.volunteer)


class MentorRequest(models.Model):
    """A newcomer asking for a mentor, with what they would like in one."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a mentor")
        MATCHED = "matched", _("Matched")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Source(models.TextChoices):
        SIGNUP = "signup", _("Sign-up form")
        DASHBOARD = "dashboard", _("My portal")
        REMATCH = "rematch", _("After a pairing ended")

    newcomer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="mentor_requests"
    )
    language = models.CharField(
        _("language for mentoring"), max_length=8, choices=Language.choices, blank=True
    )
    language_required = models.BooleanField(_("only a mentor who speaks it"), default=False)
    same_area = models.BooleanField(_("someone in my area"), default=False)
    interests = models.JSONField(_("interests"), default=list, blank=True)
    preferred_mentor = models.ForeignKey(
        MentorProfile,
        verbose_name=_("a specific mentor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requested_by",
    )
    share_phone = models.BooleanField(_("share my mobile number with my mentor"), default=False)
    note = models.TextField(_("anything else"), max_length=500, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.DASHBOARD)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "recruitment_mentorrequest"
        ordering = ["created_at", "pk"]
        verbose_name = _("mentor request")
        verbose_name_plural = _("mentor requests")
        constraints = [
            models.UniqueConstraint(
                fields=["newcomer"],
                condition=Q(status="open"),
                name="mentor_request_one_open_per_newcomer",
            )
        ]

    def __str__(self) -> str:
        return str(self.newcomer)


class MatchingRun(models.Model):
    """One run of the matching over the whole pool: a proposal organizers review, then publish.

    The fingerprint digests the people and places the proposal was computed from; publishing is
    refused when the pool has changed since, so nobody is introduced on stale information.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        DISCARDED = "discarded", _("Discarded")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("run at"), default=timezone.now)
    fingerprint = models.CharField(max_length=64)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    total_score = models.FloatField(_("total score"), default=0)
    greedy_score = models.FloatField(_("greedy total score"), default=0)
    # [{"request": id, "reason": [kind, detail]}] for newcomers the run could not place.
    unmatched = models.JSONField(default=list, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        db_table = "recruitment_matchingrun"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        constraints = [
            # One proposal under review at a time: two organizers cannot publish rival drafts.
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="draft"), name="matching_run_one_draft"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} · {self.created_at:%Y-%m-%d %H:%M}"


class ProposedPair(models.Model):
    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        LOCKED = "locked", _("Locked")

    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="pairs")
    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(MentorRequest, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    # [[kind, detail], …] from the matching module; shown as a sentence in the reader's language.
    reasons = models.JSONField(default=list, blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.ACCEPTED
    )
    by_hand = models.BooleanField(_("made by hand"), default=False)

    class Meta:
        db_table = "recruitment_proposedpair"
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "request"], name="proposed_pair_once_per_request"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.request}"


class MentorPair(models.Model):
    class EndedBy(models.TextChoices):
        MENTOR = "mentor", _("The mentor")
        NEWCOMER = "newcomer", _("The newcomer")
        ORGANIZER = "organizer", _("An organizer")

    mentor = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="mentee_pairs")
    newcomer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="mentor_pairs")
    request = models.ForeignKey(
        MentorRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="pairs"
    )
    run = models.ForeignKey(
        MatchingRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="published"
    )
    reasons = models.JSONField(default=list, blank=True)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.CharField(_("ended by"), max_length=10, choices=EndedBy.choices, blank=True)
    end_reason = models.TextField(_("why it ended"), max_length=500, blank=True)

    class Meta:
        db_table = "recruitment_mentorpair"
        ordering = ["-started_at", "-pk"]
        verbose_name = _("mentoring pair")
        verbose_name_plural = _("mentoring pairs")
        constraints = [
            models.UniqueConstraint(
                fields=["newcomer"],
                condition=Q(ended_at__isnull=True),
                name="mentor_pair_one_active_per_newcomer",
            ),
            models.CheckConstraint(
                condition=~Q(mentor=F("newcomer")), name="mentor_pair_not_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} & {self.newcomer}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class PairCheckIn(models.Model):
    """A check-in the mentor is reminded of at 1, 2 and 4 weeks, and marks done on My portal."""

    WEEKS = (1, 2, 4)

    pair = models.ForeignKey(MentorPair, on_delete=models.CASCADE, related_name="checkins")
    week = models.PositiveSmallIntegerField(_("week"))
    due_at = models.DateTimeField(_("due"))
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        db_table = "recruitment_paircheckin"
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "week"], name="pair_checkin_once_per_week")
        ]

    def __str__(self) -> str:
        return _("%(pair)s · week %(week)s") % {"pair": self.pair, "week": self.week}


class PairFeedback(models.Model):
    class Role(models.TextChoices):
        MENTOR = "mentor", _("Mentor")
        NEWCOMER = "newcomer", _("Newcomer")

    pair = models.ForeignKey(MentorPair, on_delete=models.CASCADE, related_name="feedback")
    role = models.CharField(_("from"), max_length=10, choices=Role.choices)
    rating = models.PositiveSmallIntegerField(_("rating"))
    text = models.TextField(_("comments"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("given"), default=timezone.now)

    class Meta:
        db_table = "recruitment_pairfeedback"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "role"], name="pair_feedback_once_per_side"),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="pair_feedback_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pair} · {self.get_role_display()}"


class MentoringNotice(models.Model):
    """An email about a pair, recorded before it is sent so a retried task never sends it twice."""

    class Kind(models.TextChoices):
        INTRODUCTION = "intro", _("Introduction")
        CHECKIN = "checkin", _("Check-in reminder")
        FEEDBACK = "feedback", _("Feedback request")
        ENDED = "ended", _("Pairing ended")

    pair = models.ForeignKey(MentorPair, on_delete=models.CASCADE, related_name="notices")
    recipient = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField(max_length=20, blank=True)
    # When the email was recorded, or (after a lost send) last tried again.
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Sends tried after the first was lost (a worker died, the mail server refused).
    retries = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "recruitment_mentoringnotice"
        constraints = [
            models.UniqueConstraint(
                fields=["pair", "recipient", "kind", "key"], name="mentoring_notice_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.pair_id}"
