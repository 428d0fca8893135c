"""Accessibility: axe-core finds no serious or critical violations in the main
views and open popups, in light and dark themes; landmarks and keyboard focus."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_serious_violations
from tests.browser.conftest import Dashboard
from tests.browser.test_theme_and_screenshots import seed_homelab

NGINX = "docker.io/library/nginx:1.27"


def main_view(page: Page) -> None:
    expect(page.get_by_role("heading", name="nginx:1.27")).to_be_visible()


def activity_view(page: Page) -> None:
    page.get_by_role("navigation", name="Views").get_by_role("link", name="Activity").click()
    expect(
        page.get_by_role("button", name="Load more").or_(page.get_by_text("nothing older"))
    ).to_be_visible()


def history_open(page: Page) -> None:
    page.get_by_role("button", name=f"History of {NGINX}").click()
    expect(
        page.get_by_role("dialog", name=f"History of {NGINX}").get_by_role("listitem").first
    ).to_be_visible()


def time_travel_open(page: Page) -> None:
    page.get_by_role("button", name="Time travel").click()
    expect(page.get_by_label("Show the state as of")).to_be_visible()


def tag_menu_open(page: Page) -> None:
    page.get_by_role("button", name=f"Tag of {NGINX}: production").click()
    expect(page.get_by_role("menuitemradio", name="production")).to_be_visible()


def bulk_dismiss_open(page: Page) -> None:
    page.get_by_role("button", name="Dismiss all pending").click()
    expect(page.get_by_role("dialog")).to_be_visible()


SCENARIOS: dict[str, Callable[[Page], None]] = {
    "main": main_view,
    "activity": activity_view,
    "history": history_open,
    "time-travel": time_travel_open,
    "tag-menu": tag_menu_open,
    "bulk-dismiss": bulk_dismiss_open,
}


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_axe_finds_no_serious_violations(
    dashboard: Dashboard, page: Page, scenario: str, theme: str
) -> None:
    seed_homelab(dashboard)
    page.emulate_media(color_scheme=theme)  # type: ignore[arg-type]
    page.goto(dashboard.url)
    main_view(page)
    SCENARIOS[scenario](page)
    page.wait_for_timeout(300)  # let panels and popups finish their transitions
    assert_no_serious_violations(page)
