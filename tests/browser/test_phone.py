"""A phone (375 by 812 px): the header, filters and tags fold into a compact bar, so
the first card starts in the top half of the screen, and every control is still
one tap away."""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, Dashboard, screenshot
from tests.browser.test_theme_and_screenshots import seed_homelab


def test_the_first_card_starts_in_the_top_half_of_a_phone_screen(
    dashboard: Dashboard, page: Page
) -> None:
    seed_homelab(dashboard)  # two tags (one empty), four hosts, four registries
    page.set_viewport_size(PHONE)
    page.goto(dashboard.url)
    first_card = page.locator(".card").first
    expect(first_card).to_be_visible()

    box = first_card.bounding_box()
    assert box is not None
    assert box["y"] <= PHONE["height"] / 2, f"the first card starts {box['y']:.0f} px down"
    expect(page.get_by_role("searchbox", name="Search images")).to_be_hidden()
    expect(page.get_by_role("region", name="Pending summary")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Sections")).to_be_visible()
    screenshot(page, "phone-compact", full_page=False)


def test_the_compact_bar_opens_the_filters_tags_refresh_and_theme(
    dashboard: Dashboard, page: Page
) -> None:
    seed_homelab(dashboard)
    page.set_viewport_size(PHONE)
    page.goto(dashboard.url + "?status=pending")
    filters = page.get_by_role("button", name="Filters and tags")
    expect(filters).to_have_attribute("aria-expanded", "false")
    expect(filters).to_contain_text("1 active")  # the status filter from the URL

    filters.click()

    expect(filters).to_have_attribute("aria-expanded", "true")
    search = page.get_by_role("searchbox", name="Search images")
    search.fill("jellyfin")
    expect(page.get_by_role("heading", level=3)).to_have_text(["linuxserver/jellyfin:latest"])
    expect(filters).to_contain_text("2 active")
    expect(page.get_by_role("region", name="Tags")).to_be_visible()
    expect(page.get_by_role("region", name="Pending summary")).to_be_visible()
    screenshot(page, "phone-filters-open", full_page=False)

    settings = page.get_by_role("button", name="Refresh and theme")
    expect(page.get_by_role("combobox", name="Auto-refresh")).to_be_hidden()
    settings.click()
    expect(settings).to_have_attribute("aria-expanded", "true")
    page.get_by_role("combobox", name="Auto-refresh").select_option(label="Every 15 s")
    page.get_by_role("radio", name="Dark theme").check()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")


def test_a_wide_screen_shows_everything_without_the_compact_buttons(
    dashboard: Dashboard, page: Page
) -> None:
    seed_homelab(dashboard)
    page.goto(dashboard.url)
    expect(page.get_by_role("searchbox", name="Search images")).to_be_visible()
    expect(page.get_by_role("region", name="Pending summary")).to_be_visible()
    expect(page.get_by_role("combobox", name="Auto-refresh")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Filters and tags"))).to_be_hidden()
    expect(page.get_by_role("button", name="Refresh and theme")).to_be_hidden()
