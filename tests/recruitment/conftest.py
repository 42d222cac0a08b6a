import pytest

from recruitment import services


@pytest.fixture
def sign_up(django_capture_on_commit_callbacks):
    """Run the sign-up service the way the form does, with after-commit work executed."""

    def _sign_up(email="ana@example.org", consents=(), source=None, **profile):
        profile = {
            "first_name": "Ana",
            "last_name": "Pérez",
            "postal_code": "48201",
            "phone": "",
            "interests": ["canvassing"],
            **profile,
        }
        with django_capture_on_commit_callbacks(execute=True):
            return services.volunteer_signup(
                email=email,
                profile=profile,
                consents=list(consents),
                source=source or services.SignupSource(ip_address="203.0.113.7"),
                language="en",
            )

    return _sign_up
