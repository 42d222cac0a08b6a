from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from events.models import ApiKey
from events.services import api_key_authenticate


def create(*args) -> list[str]:
    out = StringIO()
    call_command("create_api_key", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_create_prints_the_key_last_and_stores_only_its_hash(db, django_user_model):
    staff = django_user_model.objects.create_user(
        email="lee@example.org", password="x", is_staff=True
    )
    raw = create("--name", "Warehouse", "--owner", "LEE@example.org", "--insights")[-1]
    key = ApiKey.objects.get()
    assert raw not in (key.key_hash, key.prefix)
    assert (key.name, key.owner, key.can_read_insights) == ("Warehouse", staff, True)
    assert api_key_authenticate(authorization=f"Bearer {raw}") == key


def test_create_refuses_an_unknown_owner_and_insights_without_one(db):
    with pytest.raises(CommandError):
        create("--name", "Warehouse", "--owner", "nobody@example.org")
    with pytest.raises(CommandError):
        create("--name", "Warehouse", "--insights")
    assert not ApiKey.objects.exists()


def test_revoke_deactivates_the_keys_with_that_name(db):
    old = create("--name", "CRM")[-1]
    other = create("--name", "Other")[-1]
    call_command("revoke_api_key", "CRM", stdout=StringIO())
    assert api_key_authenticate(authorization=f"Bearer {old}") is None
    assert api_key_authenticate(authorization=f"Bearer {other}") is not None
    with pytest.raises(CommandError):
        call_command("revoke_api_key", "CRM", stdout=StringIO())
