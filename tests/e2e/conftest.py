"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

No browser is downloaded; Chromium comes from Debian (`make browser`). Every page a test visits
can be audited with axe-core, which axe-playwright-python ships.
"""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results"


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run `make browser` (Debian's chromium).")
    # Playwright's sync API runs an event loop in this thread; the ORM calls tests make between
    # browser steps are still ordinary synchronous calls. The allowance lasts only while the
    # browser is open, so it never leaks into other tests or the subprocesses they start.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _new_page(browser, viewport, request):
    context = browser.new_context(viewport=viewport, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    console_errors: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and console_errors.append(msg.text))
    page.console_errors = console_errors
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def page(browser, request):
    yield from _new_page(browser, DESKTOP, request)


@pytest.fixture
def phone_page(browser, request):
    yield from _new_page(browser, PHONE, request)


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


_axe = Axe()


def assert_accessible(page) -> None:
    """Fail with axe-core's report when the page breaks any WCAG 2.x A/AA rule."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, (
        f"axe-core found accessibility violations on {page.url}:\n{results.generate_report()}"
    )


def assert_no_csp_violations(page) -> None:
    blocked = [text for text in page.console_errors if "Content Security Policy" in text]
    assert not blocked, f"CSP blocked something on {page.url}: {blocked}"


@pytest.fixture
def demo_site(transactional_db, live_server):
    """The live server with the same demo content `make run` shows."""
    from home import demo

    for _line in demo.seed():
        pass
    return live_server


def staff_sign_in(page, base_url: str, email: str, password: str) -> None:
    """Sign a staff member into the admin through the one door: email and password, then the
    authenticator code (issue 22). The account gets the tests' authenticator app if it has none."""
    from django.contrib.auth import get_user_model

    from portal.staff_access import totp_code, totp_enrol
    from tests.staff_mfa import TEST_TOTP_SECRET

    totp_enrol(user=get_user_model().objects.get(email=email), secret=TEST_TOTP_SECRET)
    page.goto(base_url + "/admin/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.get_by_label("Code").fill(totp_code(TEST_TOTP_SECRET))
    page.get_by_role("button", name="Sign In", exact=True).click()
