"""The event log in the page: an image's timeline, the activity view, and time travel."""

import json
import re
import time
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import requests
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import DESKTOP, PHONE, Dashboard, screenshot

APP = "127.0.0.1:5000/demo/app:1.0"
TESTNOTIF = "docker.io/diun/testnotif:latest"
WEB = "docker.io/library/redis:7.4"
APP_CARD = "demo/app:1.0 127.0.0.1:5000"


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_an_images_timeline_shows_its_events_in_order_with_digest_before_and_after(
    dashboard: Dashboard, page: Page
):
    dashboard.post_webhook("02")  # demo/app first seen: sha256:60f682dc4b13…
    dashboard.post_webhook("01")  # another image: not part of demo/app's history
    production = dashboard.create_tag("production")
    dashboard.assign(APP, production["id"])
    dashboard.post_webhook("03")  # demo/app re-pushed: sha256:dc4265e9b214…
    dashboard.dismiss(APP)
    page.goto(dashboard.url)

    history = page.get_by_role("button", name=f"History of {APP}")
    history.click()

    dialog = page.get_by_role("dialog", name=f"History of {APP}")
    entries = dialog.get_by_role("list", name="Events, newest first").get_by_role("listitem")
    expect(entries).to_have_count(4)
    expect(entries.nth(0)).to_contain_text("Dismissed")
    expect(entries.nth(1)).to_contain_text("New digest reported")
    expect(entries.nth(1)).to_contain_text("sha256:60f682dc4b13 → sha256:dc4265e9b214")
    expect(entries.nth(1)).to_contain_text("built ")  # DIUN's `created`, relative to now
    expect(entries.nth(2)).to_contain_text("Tagged “production”")
    expect(entries.nth(3)).to_contain_text("First reported by DIUN")
    expect(entries.nth(3)).to_contain_text("sha256:60f682dc4b13")
    expect(entries.nth(3)).to_contain_text("host vm")
    expect(entries.nth(3)).to_contain_text("webhook")
    expect(entries.nth(3).get_by_role("link", name="View as of #1")).to_be_visible()
    assert query(page) == {"image": [APP]}
    screenshot(page, "timeline-light", full_page=False)
    page.emulate_media(color_scheme="dark")
    screenshot(page, "timeline-dark", full_page=False)
    page.set_viewport_size(PHONE)
    screenshot(page, "timeline-phone-dark", full_page=False)

    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(history).to_be_focused()
    assert query(page) == {}

    # The same events across all images, newest first.
    page.get_by_role("navigation", name="Views").get_by_role("link", name="Activity").click()
    rows = page.get_by_role("region", name="Activity").get_by_role("listitem")
    expect(rows).to_have_count(6)
    expect(rows.nth(0)).to_contain_text(f"Dismissed {APP}")
    expect(rows.nth(4)).to_contain_text(TESTNOTIF)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "activity-phone-dark")
    page.emulate_media(color_scheme="light")
    page.set_viewport_size(DESKTOP)
    screenshot(page, "activity-light")


def test_activity_lists_the_latest_events_and_loads_older_ones(dashboard: Dashboard, page: Page):
    with requests.Session() as session:
        for i in range(55):  # events #1 … #55
            body = {
                "image": f"registry.example.com/team/service-{i}:1.0",
                "hostname": "node-1",
                "status": "new",
                "digest": f"sha256:{i:064x}",
                "platform": "linux/amd64",
            }
            url = dashboard.server.url("/webhook")
            response = session.post(url, data=json.dumps(body), timeout=5)
            assert response.status_code == 200
    newest = "registry.example.com/team/service-54:1.0"
    tag = dashboard.create_tag("production")  # 56
    dashboard.assign(newest, tag["id"])  # 57
    dashboard.dismiss(newest)  # 58
    page.goto(dashboard.url + "?view=activity")

    activity = page.get_by_role("region", name="Activity")
    rows = activity.get_by_role("listitem")
    expect(rows).to_have_count(50)
    expect(rows.nth(0)).to_contain_text(f"Dismissed {newest}")
    expect(rows.nth(1)).to_contain_text(f"{newest} tagged “production”")
    expect(rows.nth(2)).to_contain_text("Tag “production” created")
    expect(rows.nth(49)).to_contain_text("registry.example.com/team/service-8:1.0")
    expect(activity).to_contain_text("Showing the latest 50 events.")

    activity.get_by_role("button", name="Load more").click()

    expect(rows).to_have_count(58)
    expect(rows.nth(50)).to_contain_text("registry.example.com/team/service-7:1.0")
    expect(rows.nth(57)).to_contain_text("registry.example.com/team/service-0:1.0")
    expect(activity).to_contain_text("All 58 events shown: nothing older.")
    expect(activity.get_by_role("button", name="Load more")).to_have_count(0)

    activity.get_by_role("combobox", name="Show").select_option(label="Tag changes")
    expect(rows).to_have_count(2)
    assert query(page) == {"view": ["activity"], "kind": ["tags"]}


def test_as_of_shows_the_past_read_only_until_back_to_live(dashboard: Dashboard, browser: Browser):
    dashboard.post_webhook("02")  # 1: demo/app
    dashboard.post_webhook("02", image=WEB)  # 2: redis
    time.sleep(1.1)  # the picker has one-second steps: keep a second between #2 and #3
    dashboard.dismiss(APP)  # 3
    # Not UTC, so picking a time proves the local → UTC conversion against the real server.
    zone = "Asia/Kolkata"
    context = browser.new_context(viewport=DESKTOP, color_scheme="light", timezone_id=zone)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(dashboard.url)
    card = page.get_by_role("listitem", name=APP_CARD)
    expect(card).to_contain_text("Dismissed")

    # From the image's history: the dashboard right after its first report.
    card.get_by_role("button", name=f"History of {APP}").click()
    page.get_by_role("dialog").get_by_role("link", name="View as of #1").click()

    banner = page.get_by_role("region", name="Time travel")
    live_polls: list[str] = []
    page.on(
        "request",
        lambda request: (
            live_polls.append(request.url)
            if urlsplit(request.url).path == "/api/updates" and "as_of" not in request.url
            else None
        ),
    )
    expect(banner).to_contain_text(
        re.compile(r"Showing the state as of .+ \(event #1\) — not live")
    )
    assert query(page) == {"as_of": ["1"]}
    expect(page.get_by_role("heading", level=3)).to_have_text(["demo/app:1.0"])
    expect(card).to_contain_text("Pending")
    expect(card.locator("[draggable=true]")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^Dismiss"))).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^Tag of"))).to_have_count(0)
    expect(page.get_by_role("textbox", name="New tag name")).to_have_count(0)
    page.wait_for_timeout(5_500)  # a poll period: the past is not polled
    assert live_polls == []

    # A moment picked in local time, between the second report and the dismissal.
    second = dashboard.events()[1]["recorded_at"]
    moment = datetime.fromisoformat(second.replace("Z", "+00:00")).replace(microsecond=0)
    moment += timedelta(seconds=1)
    page.get_by_role("button", name="Time travel").click()
    picker = page.get_by_role("region", name="Pick a moment")
    picker.get_by_label("Show the state as of").fill(
        moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M:%S")
    )
    picker.get_by_role("button", name="Show").click()

    expect(banner).to_contain_text("(event #2) — not live")
    assert query(page) == {"as_of": [moment.strftime("%Y-%m-%dT%H:%M:%SZ")]}
    expect(page.get_by_role("heading", level=3)).to_have_count(2)
    expect(card).to_contain_text("Pending")
    expect(picker).to_have_count(0)  # folded away once used
    screenshot(page, "as-of-light")
    page.emulate_media(color_scheme="dark")
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "as-of-phone-dark")

    banner.get_by_role("button", name="Back to live").click()

    expect(banner).to_have_count(0)
    expect(card).to_contain_text("Dismissed")
    expect(page.get_by_role("button", name=f"Dismiss {WEB}")).to_be_visible()
    assert query(page) == {}
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"
