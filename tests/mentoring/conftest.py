# Mentoring's sign-up tests run the people funnel's sign-up the way its own tests do.
from tests.recruitment.conftest import sign_up  # noqa: F401
