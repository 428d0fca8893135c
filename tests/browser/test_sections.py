"""Big pages: sections collapse and expand (remembered, by keyboard), the jump
list of sections, and the pending summary whose chips filter the list."""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Dashboard
from tests.browser.test_theme_and_screenshots import seed_homelab


def test_a_collapsed_section_stays_collapsed_after_a_reload_and_works_by_keyboard(
    dashboard: Dashboard, page: Page
) -> None:
    seed_homelab(dashboard)
    page.goto(dashboard.url)
    toggle = page.get_by_role("button", name="Tag production", exact=True)
    expect(page.get_by_role("heading", name="nginx:1.27")).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")

    toggle.focus()
    page.keyboard.press("Enter")

    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("heading", name="nginx:1.27")).to_have_count(0)
    production = page.get_by_role("region", name="Tag production")
    expect(production).to_contain_text("2 images · 1 pending")  # the heading still counts them

    page.reload()

    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("heading", name="nginx:1.27")).to_have_count(0)
    expect(page.get_by_role("button", name="Untagged", exact=True)).to_have_attribute(
        "aria-expanded", "true"
    )
    expect(page.get_by_role("heading", name="demo/app:1.0")).to_be_visible()

    toggle.focus()
    page.keyboard.press("Space")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.reload()
    expect(page.get_by_role("heading", name="nginx:1.27")).to_be_visible()


def test_the_jump_list_expands_scrolls_to_and_focuses_a_section_heading(
    dashboard: Dashboard, page: Page
) -> None:
    seed_homelab(dashboard)
    page.set_viewport_size({"width": 1280, "height": 440})  # Untagged starts below the fold
    page.goto(dashboard.url)
    untagged = page.get_by_role("button", name="Untagged", exact=True)
    untagged.click()
    expect(untagged).to_have_attribute("aria-expanded", "false")
    jump_list = page.get_by_role("navigation", name="Sections")
    page.mouse.wheel(0, -2000)
    expect(untagged).not_to_be_in_viewport()

    jump_list.get_by_role("link", name="Untagged (3 images)").click()

    expect(untagged).to_be_focused()
    expect(untagged).to_have_attribute("aria-expanded", "true")
    expect(untagged).to_be_in_viewport()
    box = untagged.bounding_box()
    assert box is not None
    assert box["y"] < 100, box  # the heading at the top, its cards below
    expect(page.get_by_role("heading", name="demo/app:1.0")).to_be_visible()
    assert "#" not in page.url
    expect(jump_list.get_by_role("link")).to_have_text(
        [
            re.compile(r"^production\s*2"),
            re.compile(r"^Untagged\s*3"),
        ]
    )


def test_a_summary_chip_filters_the_list_to_what_it_counts(
    dashboard: Dashboard, page: Page
) -> None:
    seed_homelab(dashboard)
    page.goto(dashboard.url)
    summary = page.get_by_role("region", name="Pending summary")
    registries = summary.get_by_role("group", name="By registry")
    chip = registries.get_by_role("button", name="docker.io 1 pending")
    expect(chip).to_have_attribute("aria-pressed", "false")

    chip.click()

    expect(page).to_have_url(re.compile(r"\?registry=docker\.io$"))
    expect(chip).to_have_attribute("aria-pressed", "true")
    # Every docker.io image, the dismissed postgres too; the pending one is the chip's 1
    # (the connection test is no update).
    expect(page.get_by_role("heading", level=3)).to_have_text(["postgres:16", "nginx:1.27"])

    chip.click()  # off again
    expect(page).not_to_have_url(re.compile("registry="))

    hosts = summary.get_by_role("group", name="By host")
    hosts.get_by_role("button", name="nas 2 pending").click()

    expect(page).to_have_url(re.compile(r"\?host=nas$"))
    expect(page.get_by_role("combobox", name="Host")).to_have_value("=nas")
    expect(page.get_by_role("button", name="Dismiss all pending on nas")).to_be_visible()
