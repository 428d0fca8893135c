"""Closing the loop in the page: Update on a host's item calls its update
hook (a real HTTP server on loopback) after a confirmation and shows what
came of it; a deployment reported by a script shows as deployed; a host whose
DIUN went silent (its metrics, DIUN's own text, served on loopback) is counted
in the header and marked in the Hosts view."""

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_serious_violations
from tests.browser.conftest import PHONE, Dashboard, screenshot
from tests.live_server import LiveServer
from tests.stand_ins import StandIn, stand_in

APP = "127.0.0.1:5000/demo/app:1.0"  # what DIUN's captured request 03 reports
CARD = "demo/app:1.0 127.0.0.1:5000"
TOKEN = "hook-token-for-the-test"


@pytest.fixture
def hook() -> Iterator[StandIn]:
    with stand_in() as server:
        yield server


@pytest.fixture
def diun() -> Iterator[StandIn]:
    with stand_in() as server:
        server.serve_metrics(last_run=time.time() - 3 * 86_400)  # three days without a run
        yield server


@pytest.fixture
def looped(
    tmp_path: Path, frontend_dist: Path, hook: StandIn, diun: StandIn
) -> Iterator[Dashboard]:
    """A server with an update hook for nas, and nas's DIUN metrics read."""
    nas_hook = hook.url("/v1/update?image={image}")
    env = {
        "FRONTEND_DIST": str(frontend_dist),
        "UPDATE_HOOKS": f"nas={nas_hook} | Authorization: Bearer {TOKEN}",
        "UPDATE_HOOKS_WITHOUT_SIGN_IN": "true",
        "HEARTBEAT_URLS": f"nas={diun.url('/metrics')}",
    }
    with LiveServer(tmp_path / "server", secret="", env=env) as server:
        yield Dashboard(server)


def report_from_two_hosts(dashboard: Dashboard) -> None:
    dashboard.post_webhook("03", hostname="nas")
    dashboard.post_webhook("03", hostname="web-1")


def host_item(page: Page, host: str):
    card = page.get_by_role("listitem", name=CARD)
    hosts = card.get_by_role("list", name=f"Hosts of {APP}")
    return hosts.get_by_role("listitem", name=re.compile(f"^{host}: "))


def confirm_update(page: Page, expected_status: int) -> None:
    page.get_by_role("button", name=f"Update {APP} on nas").click()
    dialog = page.get_by_role("dialog", name=f"Update {APP} on nas?")
    expect(dialog).to_contain_text("has not deployed anything yet")
    with page.expect_response(lambda r: r.url.endswith("/api/update-requests")) as answer:
        dialog.get_by_role("button", name="Update", exact=True).click()
    assert answer.value.status == expected_status


def test_update_asks_first_calls_the_hook_and_shows_what_came_of_it(
    looped: Dashboard, page: Page, hook: StandIn
):
    report_from_two_hosts(looped)
    hook.answer(202, "updating")
    page.goto(looped.url)

    expect(host_item(page, "nas")).to_have_accessible_name("nas: pending")
    expect(page.get_by_role("button", name=f"Update {APP} on web-1")).to_have_count(0)
    page.get_by_role("button", name=f"Update {APP} on nas").click()
    page.get_by_role("dialog").get_by_role("button", name="Cancel").click()
    assert hook.received == []

    confirm_update(page, 202)

    expect(page.get_by_role("status")).to_contain_text("the hook accepted it (HTTP 202 Accepted)")
    expect(host_item(page, "nas")).to_have_accessible_name("nas: update requested")
    expect(host_item(page, "web-1")).to_have_accessible_name("web-1: pending")
    (call,) = hook.received
    assert call.headers["authorization"] == f"Bearer {TOKEN}"
    screenshot(page, "update-requested")

    hook.answer(500, "the pull failed: no space left on device")
    confirm_update(page, 502)

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("HTTP 500 Internal Server Error")
    expect(alert).to_contain_text("no space left on device")
    expect(host_item(page, "nas")).to_have_accessible_name("nas: update failed")
    assert TOKEN not in page.content()


def test_a_deployment_a_script_reports_shows_as_deployed(looped: Dashboard, page: Page):
    report_from_two_hosts(looped)
    looped.post_webhook("02", image="docker.io/library/redis:7", hostname="web-1")
    page.goto(looped.url)
    expect(host_item(page, "nas")).to_have_accessible_name("nas: pending")

    for host, image in (("nas", APP), ("web-1", "docker.io/library/redis:7")):
        body = {"image": image, "host": host}
        response = requests.post(looped.server.url("/api/deployments"), json=body, timeout=5)
        assert response.status_code == 200, response.text

    # The next poll brings it: the host's item, and the card of an image on one host.
    expect(host_item(page, "nas")).to_have_accessible_name("nas: deployed")
    expect(host_item(page, "nas")).to_contain_text("deployed just now")
    expect(page.get_by_role("button", name=f"Update {APP} on nas")).to_have_count(0)
    expect(host_item(page, "web-1")).to_have_accessible_name("web-1: pending")
    redis = page.get_by_role("listitem", name="redis:7")
    expect(redis).to_contain_text("Deployed")
    screenshot(page, "deployed")


def test_a_silent_host_is_counted_in_the_header_and_marked_in_the_hosts_view(
    looped: Dashboard, page: Page
):
    looped.post_webhook("03", hostname="web-1")
    page.goto(looped.url)

    badge = page.get_by_role("link", name="1 silent host")
    expect(badge).to_be_visible()
    badge.click()

    expect(page).to_have_url(re.compile(r"\?view=hosts$"))
    nas = page.get_by_role("listitem", name="nas")
    expect(nas.get_by_text("silent", exact=True)).to_be_visible()
    expect(nas).to_contain_text("Its DIUN is silent since 3 days ago: no DIUN watch run since")
    expect(nas).to_contain_text("Last check3 days ago")
    expect(page.get_by_role("listitem", name="web-1")).not_to_contain_text("silent")
    screenshot(page, "silent-host")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_axe_finds_no_serious_violations_in_the_new_states(
    looped: Dashboard, page: Page, hook: StandIn, theme: str
):
    """The Update dialog, requested, failed and deployed items, the silent
    count in the header and a silent host, in both themes."""
    report_from_two_hosts(looped)
    looped.post_webhook("02", image="docker.io/library/redis:7", hostname="nas")
    deployed = {"image": "docker.io/library/redis:7", "host": "nas"}
    response = requests.post(looped.server.url("/api/deployments"), json=deployed, timeout=5)
    assert response.status_code == 200, response.text
    page.emulate_media(color_scheme=theme)  # type: ignore[arg-type]
    page.goto(looped.url)
    expect(page.get_by_role("link", name="1 silent host")).to_be_visible()

    page.get_by_role("button", name=f"Update {APP} on nas").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    assert_no_serious_violations(page)
    page.get_by_role("dialog").get_by_role("button", name="Cancel").click()

    hook.answer(500, "no space left on device")
    confirm_update(page, 502)
    expect(host_item(page, "nas")).to_have_accessible_name("nas: update failed")
    expect(page.get_by_role("listitem", name="redis:7")).to_contain_text("Deployed")
    assert_no_serious_violations(page)

    hook.answer(202, "updating")
    confirm_update(page, 202)
    expect(host_item(page, "nas")).to_have_accessible_name("nas: update requested")
    page.get_by_role("radio", name="Table").check()
    expect(page.get_by_role("rowheader", name="redis:7")).to_be_visible()
    assert_no_serious_violations(page)

    page.get_by_role("link", name="1 silent host").click()
    expect(
        page.get_by_role("listitem", name="nas").get_by_text("silent", exact=True)
    ).to_be_visible()
    page.wait_for_timeout(300)  # let the toasts finish their transitions
    assert_no_serious_violations(page)


def page_width(page: Page) -> int:
    return int(page.evaluate("() => document.documentElement.scrollWidth"))


def test_on_a_phone_the_new_states_fit_without_scrolling_sideways(
    looped: Dashboard, page: Page, hook: StandIn
):
    report_from_two_hosts(looped)
    hook.answer(202, "updating")
    page.set_viewport_size(PHONE)
    page.goto(looped.url)
    expect(page.get_by_role("link", name="1 silent host")).to_be_visible()
    confirm_update(page, 202)
    expect(host_item(page, "nas")).to_have_accessible_name("nas: update requested")
    assert page_width(page) <= PHONE["width"]
    screenshot(page, "phone-update-requested", full_page=False)

    page.get_by_role("link", name="1 silent host").click()
    expect(
        page.get_by_role("listitem", name="nas").get_by_text("silent", exact=True)
    ).to_be_visible()
    assert page_width(page) <= PHONE["width"]
