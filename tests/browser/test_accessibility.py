"""Accessibility: axe-core finds no serious or critical violations in the main
views and open popups, in light and dark themes; landmarks and keyboard focus."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.axe import assert_no_serious_violations, axe_violations, describe
from tests.browser.conftest import PHONE, Dashboard
from tests.browser.test_theme_and_screenshots import seed_homelab

NGINX = "docker.io/library/nginx:1.27"


def main_view(page: Page) -> None:
    expect(page.get_by_role("heading", name="nginx:1.27")).to_be_visible()


def activity_view(page: Page) -> None:
    page.get_by_role("navigation", name="Views").get_by_role("link", name="Activity").click()
    expect(
        page.get_by_role("button", name="Load more").or_(page.get_by_text("nothing older"))
    ).to_be_visible()


def notifications_view(page: Page) -> None:
    page.get_by_role("navigation", name="Views").get_by_role("link", name="Notifications").click()
    expect(page.get_by_role("button", name="Send test")).to_be_visible()


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


def table_layout(page: Page) -> None:
    page.get_by_role("radio", name="Table").check()
    expect(page.get_by_role("rowheader", name="nginx:1.27")).to_be_visible()


def table_in_the_past(page: Page) -> None:
    table_layout(page)
    page.goto(page.url + "&as_of=3")
    expect(page.get_by_role("table", name="Untagged")).to_be_visible()


def section_collapsed(page: Page) -> None:
    toggle = page.get_by_role("button", name="Tag production", exact=True)
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")


def insights_view(page: Page) -> None:
    page.get_by_role("navigation", name="Views").get_by_role("link", name="Insights").click()
    expect(page.get_by_role("figure", name="Updates per week")).to_be_visible()


def phone_compact_bar_open(page: Page) -> None:
    page.set_viewport_size(PHONE)
    page.get_by_role("button", name="Filters and tags").click()
    page.get_by_role("button", name="Refresh and theme").click()
    expect(page.get_by_role("searchbox", name="Search images")).to_be_visible()
    expect(page.get_by_role("combobox", name="Auto-refresh")).to_be_visible()


SCENARIOS: dict[str, Callable[[Page], None]] = {
    "main": main_view,
    "activity": activity_view,
    "notifications": notifications_view,
    "history": history_open,
    "time-travel": time_travel_open,
    "tag-menu": tag_menu_open,
    "bulk-dismiss": bulk_dismiss_open,
    "table": table_layout,
    "table-as-of": table_in_the_past,
    "section-collapsed": section_collapsed,
    "insights": insights_view,
    "phone-compact-open": phone_compact_bar_open,
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


def test_the_open_tag_menu_is_inside_a_landmark(dashboard: Dashboard, page: Page) -> None:
    seed_homelab(dashboard)
    page.goto(dashboard.url)
    main_view(page)
    tag_menu_open(page)

    outside = [v for v in axe_violations(page) if v["id"] == "region"]

    assert outside == [], describe(outside)
    expect(page.get_by_role("main").get_by_role("menu")).to_be_visible()


def test_tab_from_the_open_tag_menu_goes_on_from_its_button(
    dashboard: Dashboard, page: Page
) -> None:
    seed_homelab(dashboard)
    page.goto(dashboard.url)
    main_view(page)
    tag_menu_open(page)

    page.keyboard.press("Tab")

    expect(page.get_by_role("menu")).to_have_count(0)
    expect(page.get_by_role("button", name=f"History of {NGINX}")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("button", name=f"Tag of {NGINX}: production")).to_be_focused()


def active_element(page: Page) -> dict[str, str]:
    """``document.activeElement``: tag, id, text, label and (an activity row) log position."""
    return dict(
        page.evaluate(
            """() => {
                const element = document.activeElement;
                return {
                    tag: element?.tagName.toLowerCase() ?? '',
                    id: element?.id ?? '',
                    text: (element?.textContent ?? '').trim().slice(0, 60),
                    position: element?.getAttribute('data-position') ?? '',
                    label: element?.getAttribute('aria-label') ?? '',
                };
            }"""
        )
    )


def test_skip_link_is_the_first_tab_stop_and_jumps_to_the_updates(
    dashboard: Dashboard, page: Page
) -> None:
    seed_homelab(dashboard)
    page.goto(dashboard.url)
    main_view(page)
    skip = page.get_by_role("link", name="Skip to updates")
    expect(skip).not_to_be_in_viewport()  # shown only when focused

    page.keyboard.press("Tab")
    assert active_element(page)["text"] == "Skip to updates"
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")

    assert active_element(page)["tag"] == "main"
    assert "#" not in page.url  # the view's state stays a clean URL
    page.keyboard.press("Tab")  # the next stop is inside the updates, past the header
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
    assert not page.evaluate("document.querySelector('header').contains(document.activeElement)")


def test_history_panel_is_a_labelled_dialog_without_a_second_banner(
    dashboard: Dashboard, page: Page
) -> None:
    seed_homelab(dashboard)
    page.goto(dashboard.url)
    expect(page.get_by_role("banner")).to_have_count(1)

    history_open(page)

    expect(page.get_by_role("dialog", name=f"History of {NGINX}")).to_be_visible()
    expect(page.get_by_role("banner")).to_have_count(1)


def test_time_travel_opens_in_its_date_field_and_escape_gives_focus_back(
    dashboard: Dashboard, page: Page
) -> None:
    seed_homelab(dashboard)
    page.goto(dashboard.url)
    main_view(page)
    button = page.get_by_role("button", name="Time travel")
    button.focus()

    page.keyboard.press("Enter")

    expect(button).to_have_attribute("aria-expanded", "true")
    assert active_element(page)["tag"] == "input"
    expect(page.get_by_label("Show the state as of")).to_be_focused()

    page.keyboard.press("Escape")

    expect(page.get_by_role("region", name="Pick a moment")).to_have_count(0)
    expect(button).to_have_attribute("aria-expanded", "false")
    assert active_element(page)["label"] == "Time travel"


def test_load_more_moves_focus_to_the_first_new_activity_row(
    dashboard: Dashboard, page: Page
) -> None:
    for number in range(60):  # more than the 50 events of the first page
        dashboard.post_webhook("02", image=f"docker.io/library/app{number}:1")
    oldest_first = dashboard.events(limit=100)
    first_new = oldest_first[-51]  # newest first, the 51st
    page.goto(dashboard.url + "?view=activity")
    load_more = page.get_by_role("button", name="Load more")
    load_more.focus()

    page.keyboard.press("Enter")

    expect(page.get_by_text("nothing older")).to_be_visible()
    expect(page.locator(f'li[data-position="{first_new["position"]}"]')).to_be_focused()
    assert active_element(page)["position"] == str(first_new["position"])
    assert "app9:1" in active_element(page)["text"]


def select_by_mouse(page: Page, target: Locator) -> str:
    """Drag the mouse 100 px right from an element's start; what got selected."""
    box = target.bounding_box()
    assert box is not None
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 1, y)
    page.mouse.down()
    page.mouse.move(box["x"] + 100, y, steps=10)
    page.mouse.up()
    return str(page.evaluate("getSelection().toString()"))


def test_activity_row_text_can_be_selected_with_the_mouse(dashboard: Dashboard, page: Page) -> None:
    seed_homelab(dashboard)
    page.goto(dashboard.url + "?view=activity")
    row = page.locator(".activity-row").first

    assert select_by_mouse(page, row.locator(".activity-row__what")).strip() != ""


def test_card_text_can_be_selected_with_the_mouse(dashboard: Dashboard, page: Page) -> None:
    seed_homelab(dashboard)
    page.goto(dashboard.url)
    heading = page.get_by_role("heading", name="nginx:1.27")

    assert select_by_mouse(page, heading).strip() != ""
