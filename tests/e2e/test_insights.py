"""An organizer opens Insights in the admin, changes a filter and downloads a CSV; axe-core finds
no WCAG A/AA violation on the dashboard."""

import re
from pathlib import Path

from django.contrib.auth.models import Group
from playwright.sync_api import expect

from portal.roles import roles_apply
from tests.e2e.conftest import assert_accessible, assert_no_csp_violations, staff_sign_in


def test_organizer_filters_insights_and_downloads_a_csv(demo_site, page, django_user_model):
    from events import demo as events_demo
    from portal.insights import demo as insights_demo
    from recruitment import demo as recruitment_demo

    for seed in (recruitment_demo.seed, events_demo.seed, insights_demo.seed):
        for _line in seed():
            pass
    roles_apply()
    organizer = django_user_model.objects.get(email=insights_demo.ORGANIZER_EMAIL)
    assert organizer.groups.filter(name="Moderators").exists()
    assert Group.objects.get(name="Moderators").permissions.filter(codename="view_insights")

    staff_sign_in(
        page, demo_site.url, insights_demo.ORGANIZER_EMAIL, insights_demo.ORGANIZER_PASSWORD
    )
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("heading", name="Insights")).to_be_visible()

    page.get_by_role("link", name="Insights", exact=True).first.click()
    expect(page.get_by_role("heading", name="Insights", level=1)).to_be_visible()
    expect(page.get_by_role("img", name="Sign-ups per week, by source")).to_be_visible()
    assert_accessible(page)
    assert_no_csp_violations(page)

    page.get_by_label("Event type", exact=True).select_option(label="Phone bank")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"event_type=PHONE_BANK"))
    expect(page.locator(".insights__scope")).to_contain_text("Phone bank")
    types = page.locator("#figure-turnout table").nth(1)
    expect(types.locator("tbody tr")).to_have_count(1)
    expect(types.locator("tbody th")).to_have_text("Phone bank")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download “Show-up rate by event type” (CSV)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("insights-turnout-types-")
    lines = Path(download.path()).read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Event type,RSVPs,Attended")
    assert len(lines) == 2 and lines[1].startswith("Phone bank,")
    assert_accessible(page)
