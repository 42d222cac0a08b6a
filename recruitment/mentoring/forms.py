"""Mentoring forms on My portal: offer to mentor, ask for a mentor, end a pairing, feedback;
and the organizers' hand edits of a proposal."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.activities import Activity
from portal.text import StorableTextMixin
from recruitment.forms.fields import TextAreaField, clean_text
from recruitment.mentoring.models import MAX_MENTEES, MentorProfile, MentorRequest, ProposedPair
from recruitment.models import Availability, Language


class MentorOfferForm(StorableTextMixin, forms.Form):
    capacity = forms.IntegerField(
        label=_("How many newcomers can you mentor at once?"),
        min_value=1,
        max_value=MAX_MENTEES,
        initial=2,
        error_messages={
            "min_value": _("Mentor at least one newcomer, or do not offer for now."),
            "max_value": _("At most %(limit_value)s newcomers at once."),
            "invalid": _("Enter a whole number, such as 2."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you can mentor in"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one language.")},
    )
    interests = forms.MultipleChoiceField(
        label=_("What you like to do"),
        choices=Activity.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability = forms.MultipleChoiceField(
        label=_("When you are usually free"),
        choices=Availability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    about = TextAreaField(
        label=_("A few words about you"),
        help_text=_("Shown to organizers when they pair people."),
        max_length=500,
    )
    share_phone = forms.BooleanField(
        label=_(
            "Share my mobile number with my mentees. (We always share your name and email "
            "address with the newcomers you are paired with.)"
        ),
        required=False,
    )


class MentorRequestForm(StorableTextMixin, forms.Form):
    language = forms.ChoiceField(
        label=_("Language you would like to be mentored in"),
        choices=[("", _("No preference")), *Language.choices],
        required=False,
    )
    language_required = forms.BooleanField(
        label=_("Only a mentor who speaks this language"), required=False
    )
    same_area = forms.BooleanField(
        label=_("Someone who lives near me (within about 15 miles)"), required=False
    )
    interests = forms.MultipleChoiceField(
        label=_("What would you like to do together?"),
        choices=Activity.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    mentor_email = forms.EmailField(
        label=_("A mentor you know: their email address"),
        help_text=_("If they are one of our mentors, we will try to pair you with them."),
        required=False,
        max_length=254,
    )
    note = TextAreaField(label=_("Anything else we should know?"), max_length=500)
    share_phone = forms.BooleanField(
        label=_(
            "Share my mobile number with my mentor. (We always share your name and email address "
            "with the mentor you are paired with.)"
        ),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("language_required") and not cleaned.get("language"):
            self.add_error("language", _("Choose the language your mentor must speak."))
        return cleaned

    def preferred_mentor(self) -> MentorProfile | None:
        email = (self.cleaned_data.get("mentor_email") or "").strip()
        if not email:
            return None
        return MentorProfile.objects.filter(
            volunteer__user__email__iexact=email, status=MentorProfile.Status.APPROVED
        ).first()


class EndPairForm(StorableTextMixin, forms.Form):
    reason = TextAreaField(
        label=_("Why is the pairing ending?"),
        help_text=_("Only organizers read this."),
        max_length=500,
        required=True,
    )
    rematch = forms.BooleanField(label=_("I would like a new mentor"), required=False)

    def __init__(self, *args, offer_rematch: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not offer_rematch:
            del self.fields["rematch"]


class FeedbackForm(StorableTextMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How helpful has the pairing been?"),
        choices=[
            (5, _("5 – very helpful")),
            (4, _("4")),
            (3, _("3")),
            (2, _("2")),
            (1, _("1 – not helpful")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a rating.")},
    )
    text = TextAreaField(label=_("Anything you would like to tell us?"), max_length=2000)

    def clean_text(self):
        return clean_text(self.cleaned_data["text"])


class AssignForm(StorableTextMixin, forms.Form):
    """An organizer pairs an unmatched newcomer with a mentor by hand."""

    request = forms.ModelChoiceField(
        label=_("Newcomer"), queryset=MentorRequest.objects.none(), empty_label=None
    )
    mentor = forms.ModelChoiceField(
        label=_("Mentor"), queryset=MentorProfile.objects.none(), empty_label=None
    )

    def __init__(self, *args, requests, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = requests
        self.fields["mentor"].queryset = MentorProfile.objects.filter(
            status=MentorProfile.Status.APPROVED
        ).select_related("volunteer__user")


class SwapForm(StorableTextMixin, forms.Form):
    """An organizer swaps the mentors of two proposed pairs."""

    first = forms.ModelChoiceField(
        label=_("First pair"), queryset=ProposedPair.objects.none(), empty_label=None
    )
    second = forms.ModelChoiceField(
        label=_("Second pair"), queryset=ProposedPair.objects.none(), empty_label=None
    )

    def __init__(self, *args, run, **kwargs):
        super().__init__(*args, **kwargs)
        pairs = (
            run.pairs.exclude(decision=ProposedPair.Decision.REJECTED)
            .select_related("mentor__volunteer__user", "request__newcomer__user")
            .order_by("pk")
        )
        for name in ("first", "second"):
            self.fields[name].queryset = pairs
            self.fields[name].label_from_instance = lambda p: f"{p.request.newcomer} ← {p.mentor}"
