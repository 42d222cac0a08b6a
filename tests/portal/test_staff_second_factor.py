"""Issue 22, item 1: staff reach the admin only with a second factor, through allauth's door."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib.auth.models import Group
from django.core import mail
from wagtail.models import ModelLogEntry

from portal.roles import INTERNS_GROUP, roles_apply
from portal.staff_access import totp_code, totp_enrol
from tests.factories.users import UserFactory
from tests.staff_mfa import TEST_TOTP_SECRET, force_login_without_second_factor

PASSWORD = "correct horse battery staple"


@pytest.fixture
def organizer(db):
    return UserFactory(email="olga@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def intern(db):
    roles_apply()
    user = UserFactory(email="ida@example.org")
    user.groups.add(Group.objects.get(name=INTERNS_GROUP))
    return user


def sign_in_with_password(client, email, next_url="/admin/"):
    return client.post(f"/accounts/login/?next={next_url}", {"login": email, "password": PASSWORD})


def test_admin_login_page_is_allauths_login(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/pages/"


def test_anonymous_admin_visit_goes_to_allauths_login(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/admin/")


@pytest.mark.parametrize("who", ["organizer", "intern"])
def test_staff_without_second_factor_is_sent_to_enrolment(client, request, who):
    user = request.getfixturevalue(who)
    sign_in_with_password(client, user.email)
    assert client.session["_auth_user_id"] == str(user.pk)
    for path in ("/admin/", "/admin/checkin/", "/admin/sessions/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/2fa/?next="), path
    # The enrolment pages themselves answer.
    assert client.get("/accounts/2fa/").status_code == 200
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200


# Real commits: allauth announces the new factor after commit, inside the request, as in
# production (the test-case transaction would hold the announcement until after the response).
@pytest.mark.django_db(transaction=True)
def test_enrolling_an_authenticator_app_opens_the_admin(client):
    organizer = UserFactory(email="olga@example.org", is_staff=True, is_superuser=True)
    sign_in_with_password(client, organizer.email)
    page = client.get("/accounts/2fa/totp/activate/")
    secret = page.context["form"].secret
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=organizer, type="totp").exists()
    # Recovery codes come with the first factor.
    assert Authenticator.objects.filter(user=organizer, type="recovery_codes").exists()
    # Having just used it, the person is not asked for a code again.
    assert client.get("/admin/").status_code == 200


def test_enrolment_page_speaks_spanish(client, organizer):
    sign_in_with_password(client, organizer.email)
    page = client.get("/es/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    assert "Código del autenticador" in page.content.decode()


def test_totp_sign_in_gets_into_the_admin(client, organizer):
    totp_enrol(user=organizer, secret=TEST_TOTP_SECRET)
    response = sign_in_with_password(client, organizer.email)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    # Not signed in yet: the password alone opens nothing.
    assert "_auth_user_id" not in client.session
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(TEST_TOTP_SECRET)})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_wrong_code_is_refused_then_rate_limited(client, organizer):
    totp_enrol(user=organizer, secret=TEST_TOTP_SECRET)
    sign_in_with_password(client, organizer.email)
    right = totp_code(TEST_TOTP_SECRET)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for _attempt in range(5):
        response = client.post("/accounts/2fa/authenticate/", {"code": wrong})
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
    response = client.post("/accounts/2fa/authenticate/", {"code": right})
    assert response.status_code == 200
    assert "Too many failed" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_used_code_cannot_be_replayed(client, organizer):
    totp_enrol(user=organizer, secret=TEST_TOTP_SECRET)
    code = totp_code(TEST_TOTP_SECRET)
    sign_in_with_password(client, organizer.email)
    client.post("/accounts/2fa/authenticate/", {"code": code})
    other = type(client)()
    sign_in_with_password(other, organizer.email)
    response = other.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 200
    assert "_auth_user_id" not in other.session


def test_recovery_codes_work_once_each(client, organizer):
    totp_enrol(user=organizer, secret=TEST_TOTP_SECRET)
    codes = RecoveryCodes.activate(organizer).get_unused_codes()
    sign_in_with_password(client, organizer.email)
    response = client.post("/accounts/2fa/authenticate/", {"code": codes[0]})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200

    again = type(client)()
    sign_in_with_password(again, organizer.email)
    response = again.post("/accounts/2fa/authenticate/", {"code": codes[0]})
    assert response.status_code == 200
    assert "_auth_user_id" not in again.session
    response = again.post("/accounts/2fa/authenticate/", {"code": codes[1]})
    assert response.status_code == 302


def emailed_login_code() -> str:
    return re.search(
        r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.MULTILINE
    ).group(1)


def test_emailed_code_sign_in_still_asks_staff_for_the_second_factor(client, organizer):
    totp_enrol(user=organizer, secret=TEST_TOTP_SECRET)
    client.post("/accounts/login/code/", {"email": organizer.email})
    response = client.post("/accounts/login/code/confirm/", {"code": emailed_login_code()})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session


def test_volunteers_keep_the_emailed_code_without_a_second_factor(client, db):
    volunteer = UserFactory(email="val@example.org")
    client.post("/accounts/login/code/", {"email": volunteer.email})
    response = client.post("/accounts/login/code/confirm/", {"code": emailed_login_code()})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(volunteer.pk)
    assert client.get("/me/").status_code == 200


def test_enrolled_staff_session_that_skipped_the_second_factor_is_asked_for_it(client, organizer):
    totp_enrol(user=organizer, secret=TEST_TOTP_SECRET)
    force_login_without_second_factor(client, organizer)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/?next=")
    client.post(response["Location"], {"code": totp_code(TEST_TOTP_SECRET)})
    assert client.get("/admin/pages/").status_code == 200


def test_webauthn_enrolment_page_offers_passkeys(client, organizer):
    sign_in_with_password(client, organizer.email)
    page = client.get("/accounts/2fa/webauthn/add/")
    assert page.status_code == 200
    assert "credential" in page.content.decode()


def test_administrator_resets_a_lost_factor_and_it_is_logged(client, organizer, intern):
    totp_enrol(user=intern, secret=TEST_TOTP_SECRET)
    RecoveryCodes.activate(intern)
    client.force_login(organizer)
    assert client.get(f"/admin/second-factor/{intern.pk}/reset/").status_code == 200
    response = client.post(f"/admin/second-factor/{intern.pk}/reset/")
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=intern).exists()
    entry = ModelLogEntry.objects.get(action="portal.factor_reset")
    assert entry.user_id == organizer.pk
    assert entry.object_id == str(intern.pk)
    assert entry.data == {"removed": 2}
    assert intern.email not in str(entry.data) + entry.label


def test_only_administrators_reset_factors(client, intern):
    other = UserFactory(email="ivan@example.org")
    other.groups.add(Group.objects.get(name=INTERNS_GROUP))
    totp_enrol(user=other, secret=TEST_TOTP_SECRET)
    client.force_login(intern)
    response = client.post(f"/admin/second-factor/{other.pk}/reset/")
    assert response.status_code in (302, 403)
    assert Authenticator.objects.filter(user=other).exists()


def test_totp_code_matches_rfc_6238_reference():
    # RFC 6238, appendix B: SHA-1 secret "12345678901234567890", T = 59 s → 94287082 (8 digits);
    # six digits are its last six.
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert totp_code(secret, at=59) == "287082"
    assert len(totp_code(secret, at=time.time())) == 6


def _b64url(data: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def software_authenticator_registration(creation_options: dict, origin: str) -> dict:
    """What a security key answers to navigator.credentials.create(): a fresh P-256 key, "none"
    attestation, built with fido2's own structures (allauth ships no WebAuthn test helper)."""
    import hashlib
    import json
    import os

    from cryptography.hazmat.primitives.asymmetric import ec
    from fido2.cose import ES256
    from fido2.webauthn import (
        Aaguid,
        AttestationObject,
        AttestedCredentialData,
        AuthenticatorData,
        CollectedClientData,
    )

    public_key = creation_options["publicKey"]
    challenge = public_key["challenge"]
    if isinstance(challenge, str):
        import base64

        challenge = base64.urlsafe_b64decode(challenge + "=" * (-len(challenge) % 4))
    credential_id = os.urandom(16)
    key = ec.generate_private_key(ec.SECP256R1())
    attested = AttestedCredentialData.create(
        Aaguid.NONE, credential_id, ES256.from_cryptography_key(key.public_key())
    )
    flags = AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.UV | AuthenticatorData.FLAG.AT
    auth_data = AuthenticatorData.create(
        hashlib.sha256(public_key["rp"]["id"].encode()).digest(), flags, 0, attested
    )
    client_data = CollectedClientData.create(
        type="webauthn.create", challenge=challenge, origin=origin
    )
    return json.loads(
        json.dumps(
            {
                "id": _b64url(credential_id),
                "rawId": _b64url(credential_id),
                "type": "public-key",
                "response": {
                    "clientDataJSON": _b64url(bytes(client_data)),
                    "attestationObject": _b64url(
                        bytes(AttestationObject.create("none", auth_data, {}))
                    ),
                },
                "clientExtensionResults": {},
            }
        )
    )


def test_a_security_key_enrols_and_opens_the_admin(client, organizer, settings):
    import json

    # The test server speaks plain http; production settings keep this off.
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
    sign_in_with_password(client, organizer.email)
    page = client.get("/accounts/2fa/webauthn/add/")
    options = page.context["js_data"]["creation_options"]
    credential = software_authenticator_registration(options, "http://testserver")
    response = client.post(
        "/accounts/2fa/webauthn/add/", {"name": "Desk key", "credential": json.dumps(credential)}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Authenticator.objects.filter(user=organizer, type="webauthn").exists()
    # A forged answer to a new challenge (the old one reused) is refused.
    page = client.get("/accounts/2fa/webauthn/add/")
    response = client.post(
        "/accounts/2fa/webauthn/add/", {"name": "Replay", "credential": json.dumps(credential)}
    )
    assert response.status_code == 200
    assert Authenticator.objects.filter(user=organizer, type="webauthn").count() == 1
