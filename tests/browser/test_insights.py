"""The Insights view on the real page: eight weeks of a small fleet's log,
charts drawn without anything the Content-Security-Policy refuses (the
``page`` fixture fails on any such console message), a table behind each
chart, axe clean in both themes, and every control reached by the keyboard."""

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from diundash.commands import Commands
from diundash.events.types import Audit
from diundash.storage import open_database
from tests.browser.axe import assert_no_serious_violations
from tests.browser.conftest import PHONE, Dashboard, screenshot
from tests.live_server import LiveServer

WIDE = {"width": 1400, "height": 1000}
HOSTS = ("nas", "docker-host", "media-box")
IMAGES = (
    "docker.io/library/nginx:1.27",
    "ghcr.io/home-assistant/home-assistant:stable",
    "lscr.io/linuxserver/jellyfin:latest",
    "docker.io/library/postgres:16",
    "docker.io/library/redis:7.4",
    "ghcr.io/immich-app/immich-server:release",
)


class PastClock:
    """The time the seeded events are recorded at, moved by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def seed_eight_weeks(database: str) -> None:
    """Receipts most days over eight weeks up to yesterday, dismissed after
    3 hours on one host and 20 on another; the third host's left pending."""
    db = open_database(database, "NORMAL")
    now = datetime.now(UTC).replace(microsecond=0)
    clock = PastClock(now - timedelta(days=56))
    commands = Commands(db, clock)
    webhook, person = Audit(source="webhook"), Audit(source="api")
    try:
        for day in range(55):
            clock.now = now - timedelta(days=56 - day, hours=-9)
            if day % 7 == 6:  # a quiet day each week
                continue
            image, host = IMAGES[(day * 5) % len(IMAGES)], HOSTS[day % len(HOSTS)]
            body = {"image": image, "hostname": host, "digest": f"sha256:{day:064x}"}
            commands.record_webhook({**body, "status": "update"}, webhook)
            if day < 48 and host != "media-box":
                # Within the day: the log's clock never goes back, so the next receipt is later.
                clock.now += timedelta(hours=3 if host == "nas" else 20)
                commands.dismiss(image, person, host)
    finally:
        db.close()


@pytest.fixture
def history(tmp_path: Path, frontend_dist: Path) -> Iterator[Dashboard]:
    database = str(tmp_path / "diun.db")
    seed_eight_weeks(database)
    env = {"FRONTEND_DIST": str(frontend_dist)}
    with LiveServer(tmp_path / "server", secret="", env=env, database=database) as server:
        yield Dashboard(server)


def csp_violations(page: Page) -> list[str]:
    """What the Content-Security-Policy refuses on ``page`` from now on (told on the console)."""
    seen: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            seen.append(message.text)

    page.on("console", on_console)
    return seen


def open_insights(page: Page, url: str) -> None:
    page.goto(url + "?view=insights&days=90")
    expect(page.get_by_role("heading", name="Insights", level=2)).to_be_visible()
    expect(page.locator('.chart__bar:not([height="0"])').first).to_be_visible()


def test_insights_show_the_log_as_charts_with_a_table_behind_each(history: Dashboard, page: Page):
    open_insights(page, history.url)

    weekly = page.get_by_role("table", name="Updates per week")
    expect(weekly).to_be_attached()
    expect(weekly.get_by_role("row")).to_have_count(15)  # the header and 14 weeks of 90 days
    waits = page.get_by_role("table", name="Time to resolution by host")
    expect(waits.get_by_role("rowheader")).to_have_text(["docker-host", "nas"])
    expect(waits.get_by_role("row").nth(2)).to_contain_text("3 h")
    lag = page.get_by_role("table", name=re.compile("oldest pending update waited longest"))
    served = requests.get(history.server.url("/api/insights?days=90"), timeout=5).json()
    expect(lag.get_by_role("rowheader")).to_have_text([host["host"] for host in served["hosts"]])
    assert len(served["hosts"]) == 3
    expect(
        page.get_by_role("region", name="Oldest pending").get_by_role("link").first
    ).to_be_visible()
    # Bars drawn for the weeks of both series, coloured by the theme's CSS.
    assert page.locator(".chart__bar--received").count() >= 8
    fill = page.locator(".chart__bar--resolved").first.evaluate(
        "(bar) => getComputedStyle(bar).fill"
    )
    assert fill == "rgb(15, 118, 110)"  # --accent, light


def test_the_numbers_show_on_request_and_each_view_of_it_is_axe_clean(
    history: Dashboard, browser: Browser
):
    for theme in ("light", "dark"):
        context = browser.new_context(viewport=WIDE, color_scheme=theme)  # type: ignore[arg-type]
        page = context.new_page()
        violations = csp_violations(page)
        open_insights(page, history.url)
        page.wait_for_timeout(300)
        assert_no_serious_violations(page)
        screenshot(page, f"insights-desktop-{theme}", full_page=False)
        page.get_by_role("button", name="Show the numbers of updates per week").click()
        expect(page.get_by_role("table", name="Updates per week")).to_be_visible()
        assert_no_serious_violations(page)
        context.close()
        assert violations == []


def test_every_control_is_reached_and_worked_by_the_keyboard(history: Dashboard, page: Page):
    open_insights(page, history.url)
    link = page.get_by_role("navigation", name="Views").get_by_role("link", name="Insights")
    link.focus()

    window = page.get_by_role("combobox", name="Window")
    for _ in range(12):  # past the header's own controls (time travel, refresh, theme)
        page.keyboard.press("Tab")
        if window.evaluate("(select) => select === document.activeElement"):
            break
    expect(window).to_be_focused()
    page.keyboard.press("ArrowDown")  # Chromium changes a closed select's value with the arrows
    expect(page).to_have_url(re.compile(r"[?&]days=180"))
    expect(page.get_by_text(re.compile(r"^From .* \(log position"))).to_contain_text("From")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("Tab")
    toggle = page.get_by_role("button", name="Show the numbers of updates per week")
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("table", name="Updates per week")).to_be_visible()
    expect(page.get_by_role("button", name="Hide the numbers of updates per week")).to_be_focused()
    page.keyboard.press("Tab")
    expect(
        page.get_by_role("button", name="Show the numbers of time to resolution by host")
    ).to_be_focused()
    page.keyboard.press("Tab")
    oldest = page.get_by_role("region", name="Oldest pending").get_by_role("link").first
    expect(oldest).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("dialog", name=re.compile("^History of "))).to_be_visible()


def test_insights_of_a_past_moment_and_on_a_phone(history: Dashboard, page: Page):
    page.set_viewport_size(PHONE)
    page.goto(history.url + "?view=insights&as_of=10")

    expect(page.get_by_text(re.compile(r"log position #10\)"))).to_be_visible()
    expect(page.locator('.chart__bar:not([height="0"])').first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
