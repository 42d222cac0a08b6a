"""Importing a partner organization's list of people."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from recruitment.models import Partner, Signup, Volunteer
from recruitment.services.people import SignupSource, _serializable, volunteer_signup

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportRowResult:
    line: int
    status: str  # "created", "matched_email", "matched_phone" or "error"
    message: str = ""
    volunteer_id: int | None = None


def _import_row(
    *, partner: Partner, row: dict[str, str], line: int, send_confirmation: bool
) -> ImportRowResult:
    from recruitment.forms import ImportRowForm

    form = ImportRowForm(row)
    if not form.is_valid():
        problems = "; ".join(
            f"{name}: {' '.join(str(error) for error in errors)}"
            for name, errors in form.errors.items()
        )
        return ImportRowResult(line=line, status="error", message=problems)
    email = form.cleaned_data["email"].strip()
    phone = form.cleaned_data["phone"]
    source = SignupSource(partner=partner, utm_source=f"import:{partner.slug}"[:100])
    User = get_user_model()
    known_by_email = User.objects.filter(email__iexact=email).exists()
    phone_match = (
        None
        if known_by_email or not phone
        else Volunteer.objects.filter(phone=phone, user__isnull=False).first()
    )
    if phone_match is not None:
        # Same phone, other address: the same person. Their own address stays as it is.
        Signup.objects.create(
            volunteer=phone_match,
            kind=Signup.Kind.IMPORT,
            partner=partner,
            utm_source=source.utm_source,
            requested_consents=form.consents(),
            pending_profile=_serializable(form.profile()),
        )
        return ImportRowResult(line=line, status="matched_phone", volunteer_id=phone_match.pk)
    signup = volunteer_signup(
        email=email,
        profile=form.profile(),
        consents=form.consents(),
        source=source,
        language=settings.LANGUAGE_CODE,
        kind=Signup.Kind.IMPORT,
        send_confirmation=send_confirmation,
    )
    status = "created" if signup.created_person else "matched_email"
    return ImportRowResult(line=line, status=status, volunteer_id=signup.volunteer_id)


def partner_import(
    *, partner: Partner, rows: list[dict[str, str]], send_confirmation: bool = False
) -> list[ImportRowResult]:
    """Import a partner's list row by row: each row commits or fails on its own.

    People are matched by email, then by phone; a match gains a sign-up record (so we know the
    partner brought them) but keeps its profile until the person confirms their address.
    """
    results = []
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        try:
            with transaction.atomic():
                results.append(
                    _import_row(
                        partner=partner, row=row, line=line, send_confirmation=send_confirmation
                    )
                )
        except (IntegrityError, ValueError) as error:
            logger.warning("Import row %s failed: %s", line, error)
            results.append(ImportRowResult(line=line, status="error", message=str(error)))
    return results
