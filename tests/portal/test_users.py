import pytest
from django.contrib.auth import authenticate, get_user_model
from django.db import IntegrityError, transaction
from django.test import RequestFactory

User = get_user_model()


@pytest.mark.django_db
def test_email_is_the_login_and_is_case_insensitive():
    User.objects.create_user(email="Ana.Lopez@Example.ORG", password="a-long-password-1")
    request = RequestFactory().post("/admin/login/")
    user = authenticate(request, username="ana.lopez@example.org", password="a-long-password-1")
    assert user is not None
    user = User.objects.get_by_natural_key("ANA.LOPEZ@example.org")
    assert user.email == "Ana.Lopez@example.org"  # domain normalised, local part kept as written


@pytest.mark.django_db
def test_the_same_address_in_another_case_cannot_make_a_second_account():
    User.objects.create_user(email="sam@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email="SAM@example.org")
    assert User.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("given", "family", "full"),
    [
        ("José", "Núñez-O'Brien", "José Núñez-O'Brien"),
        ("美咲", "佐藤", "美咲 佐藤"),
        ("Teller", "", "Teller"),
        ("Nguyễn Thị", "Minh Khai", "Nguyễn Thị Minh Khai"),
    ],
)
def test_names_are_kept_as_people_write_them(given, family, full):
    user = User.objects.create_user(
        email=f"{abs(hash(full))}@example.org", first_name=given, last_name=family
    )
    user.refresh_from_db()
    assert user.get_full_name() == full
    assert str(user) == full


@pytest.mark.django_db
def test_pronouns_are_optional():
    user = User.objects.create_user(email="kai@example.org", pronouns="they/them")
    assert user.pronouns == "they/them"
    assert User.objects.create_user(email="lee@example.org").pronouns == ""


@pytest.mark.django_db
def test_a_user_without_a_name_is_shown_by_email():
    user = User.objects.create_user(email="quiet@example.org")
    assert str(user) == "quiet@example.org"
    assert user.get_short_name() == "quiet"


@pytest.mark.django_db
def test_accounts_created_without_a_password_cannot_log_in_with_one():
    user = User.objects.create_user(email="nopass@example.org")
    assert not user.has_usable_password()


def test_an_email_is_required():
    with pytest.raises(ValueError):
        User.objects.create_user(email="")
