from django.db import models
from django.utils.translation import gettext_lazy as _


class SelfIdentification(models.Model):
    """Voluntary demographic answers, kept apart from the profile.

    No foreign key points at the person: rows are found by a keyed hash of the volunteer's id, so
    the person can change or delete their answers, while nobody browsing the data can tell whose
    they are. Reports show only groups of five or more.
    """

    class AgeRange(models.TextChoices):
        UNDER_18 = "under_18", _("Under 18")
        FROM_18 = "18_24", _("18–24")
        FROM_25 = "25_34", _("25–34")
        FROM_35 = "35_44", _("35–44")
        FROM_45 = "45_54", _("45–54")
        FROM_55 = "55_64", _("55–64")
        FROM_65 = "65_plus", _("65 or older")

    class Gender(models.TextChoices):
        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")
        NON_BINARY = "non_binary", _("Non-binary")
        ANOTHER = "another", _("Another gender")

    class RaceEthnicity(models.TextChoices):
        AMERICAN_INDIAN = "american_indian", _("American Indian or Alaska Native")
        ASIAN = "asian", _("Asian")
        BLACK = "black", _("Black or African American")
        HISPANIC = "hispanic", _("Hispanic or Latino/a/e")
        MENA = "mena", _("Middle Eastern or North African")
        PACIFIC_ISLANDER = "pacific_islander", _("Native Hawaiian or Pacific Islander")
        WHITE = "white", _("White")
        MULTIRACIAL = "multiracial", _("Multiracial")
        ANOTHER = "another", _("Another race or ethnicity")

    class YesNo(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")

    respondent_key = models.CharField(max_length=64, unique=True)
    age_range = models.CharField(_("age"), max_length=16, choices=AgeRange.choices, blank=True)
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices, blank=True)
    race_ethnicity = models.CharField(
        _("race or ethnicity"), max_length=20, choices=RaceEthnicity.choices, blank=True
    )
    lgbtq = models.CharField(_("LGBTQ+"), max_length=4, choices=YesNo.choices, blank=True)
    disability = models.CharField(_("disability"), max_length=4, choices=YesNo.choices, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("self-identification")
        verbose_name_plural = _("self-identifications")

    def __str__(self) -> str:
        return str(_("Anonymous answers"))
