"""How big each update is, one line per repository, snoozing with the
keyboard, and DIUN's connection test, in the real page."""

import re

import requests
from playwright.sync_api import Page, expect

from tests.browser.conftest import Dashboard

NGINX = "docker.io/library/nginx"
APP = "127.0.0.1:5000/demo/app:1.0"


def new_tags(dashboard: Dashboard, repository: str, tags: list[str], host: str = "vm") -> None:
    """DIUN's captured body, once per tag: a watch_repo flood of `new` tags."""
    for tag in tags:
        dashboard.post_webhook(
            "02", image=f"{repository}:{tag}", hostname=host, digest=f"sha256:{tag}"
        )


def test_each_card_and_row_says_how_big_its_update_is_and_major_stands_out(
    dashboard: Dashboard, page: Page
):
    new_tags(dashboard, NGINX, ["1.26.0", "1.26.1", "1.27.0", "2.0.0"])
    dashboard.post_webhook("02")
    dashboard.post_webhook("03")  # the same tag, a new build
    page.goto(dashboard.url)

    def badge(name: str):
        return page.get_by_role("listitem", name=name).locator("[data-change]")

    expect(badge("nginx:1.26.1")).to_have_attribute("data-change", "patch")
    expect(badge("nginx:1.27.0")).to_have_attribute("data-change", "minor")
    expect(badge("nginx:2.0.0")).to_have_attribute("data-change", "major")
    expect(badge("nginx:2.0.0")).to_have_attribute("title", "A major change from 1.27.0")
    expect(badge("nginx:1.26.0")).to_have_count(0)  # nothing before it to compare with
    expect(badge("demo/app:1.0 127.0.0.1:5000")).to_have_attribute("data-change", "digest")
    major = badge("nginx:2.0.0").evaluate("e => getComputedStyle(e).backgroundColor")
    patch = badge("nginx:1.26.1").evaluate("e => getComputedStyle(e).backgroundColor")
    assert major != patch

    page.goto(dashboard.url + "?layout=table")
    row = page.get_by_role("row", name=re.compile(r"nginx:2\.0\.0"))
    expect(row.locator("[data-change]")).to_have_attribute("data-change", "major")


def test_the_change_filter_narrows_the_list_and_lives_in_the_url(dashboard: Dashboard, page: Page):
    new_tags(dashboard, NGINX, ["1.26.0", "1.26.1", "2.0.0"])
    page.goto(dashboard.url)

    page.get_by_label("Change").select_option(label="Major")

    expect(page).to_have_url(re.compile(r"change=major"))
    expect(page.get_by_role("heading", name="nginx:2.0.0")).to_be_visible()
    expect(page.get_by_role("heading", name="nginx:1.26.1")).to_have_count(0)
    page.goto(dashboard.url + "?change=patch")
    expect(page.get_by_role("heading", name="nginx:1.26.1")).to_be_visible()
    expect(page.get_by_role("heading", name="nginx:2.0.0")).to_have_count(0)


def test_forty_tags_of_one_repository_are_one_line_until_opened(dashboard: Dashboard, page: Page):
    tags = [f"1.{minor}.{patch}" for minor in range(20, 28) for patch in range(5)]
    assert len(tags) == 40
    new_tags(dashboard, NGINX, tags)
    new_tags(dashboard, "ghcr.io/acme/api", ["2.0", "3.0"], host="edge")
    page.goto(dashboard.url + "?group=repository")

    sections = page.locator("section.section")
    expect(sections).to_have_count(2)
    nginx = page.get_by_role("region", name="Repository nginx")
    expect(nginx).to_contain_text("newest 1.27.4")
    expect(nginx).to_contain_text("40 new tags pending")
    expect(nginx.locator("[data-change]")).to_have_attribute("data-change", "minor")
    expect(nginx.get_by_role("listitem")).to_have_count(0)  # one line: no card drawn
    api = page.get_by_role("region", name="Repository ghcr.io/acme/api")
    expect(api.locator("[data-change]")).to_have_attribute("data-change", "major")

    toggle = nginx.get_by_role("button", name=re.compile("Repository nginx"))
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(nginx.locator("li[data-image]")).to_have_count(40)
    expect(toggle).to_have_attribute("aria-expanded", "true")


def test_snoozing_with_the_keyboard_puts_an_update_off_and_the_server_keeps_it(
    dashboard: Dashboard, page: Page
):
    dashboard.post_webhook("02")
    dashboard.post_webhook("02", image="ghcr.io/acme/api:2.1", hostname="edge")
    page.goto(dashboard.url)
    card = page.get_by_role("listitem", name="demo/app:1.0 127.0.0.1:5000")

    snooze = card.get_by_role("button", name=f"Snooze {APP}")
    snooze.focus()
    page.keyboard.press("Enter")
    menu = page.get_by_role("menu", name=f"Snooze {APP}")
    expect(menu.get_by_role("menuitem", name="Snooze 1 day")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(menu.get_by_role("menuitem", name="Snooze 1 week")).to_be_focused()
    with page.expect_response(lambda response: response.request.method == "PATCH") as patched:
        page.keyboard.press("Enter")
    assert patched.value.status == 204
    assert "until" in (patched.value.request.post_data_json or {})

    expect(menu).to_have_count(0)
    expect(card.get_by_text(re.compile("^Snoozed until "))).to_be_visible()
    expect(card.get_by_role("button", name=f"Dismiss {APP}")).to_be_focused()
    expect(page).to_have_title("(1) diundash")
    entry = dashboard.updates()[APP]
    assert entry["acknowledged"] is True
    assert entry["snoozed_until"] is not None

    # Escape closes the menu on its button, snoozing nothing.
    other = page.get_by_role("button", name="Snooze ghcr.io/acme/api:2.1")
    other.focus()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("menu")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("menu")).to_have_count(0)
    expect(other).to_be_focused()
    assert dashboard.updates()["ghcr.io/acme/api:2.1"]["acknowledged"] is False


def test_bulk_snooze_from_the_dialog(dashboard: Dashboard, page: Page):
    dashboard.post_webhook("02")
    dashboard.post_webhook("02", image="ghcr.io/acme/api:2.1", hostname="edge")
    page.goto(dashboard.url)

    page.get_by_role("button", name="Dismiss all pending").click()
    dialog = page.get_by_role("dialog", name="Dismiss 2 pending updates?")
    dialog.get_by_role("radio", name="Snooze 1 month").check()
    with page.expect_response(lambda response: "/api/dismissals" in response.url) as posted:
        dialog.get_by_role("button", name="Snooze 2 updates for 1 month").click()

    assert "until" in (posted.value.request.post_data_json or {})
    expect(page.get_by_text(re.compile("^Snoozed until "))).to_have_count(2)
    assert all(entry["snoozed_until"] for entry in dashboard.updates().values())


def test_diun_notif_test_shows_as_the_hosts_connection_test_not_as_an_update(
    dashboard: Dashboard, page: Page
):
    dashboard.post_webhook("01")
    page.goto(dashboard.url)

    tests = page.get_by_role("list", name="Connection tests")
    expect(tests).to_contain_text("Connection test from vm received")
    expect(page.get_by_role("heading", name="No updates yet")).to_be_visible()
    expect(page).to_have_title("diundash")

    dashboard.post_webhook("02")
    expect(page.get_by_role("heading", name="demo/app:1.0")).to_be_visible()
    expect(page.get_by_role("heading", name="diun/testnotif:latest")).to_have_count(0)
    expect(page).to_have_title("(1) diundash")
    expect(tests).to_be_visible()

    page.goto(dashboard.url + "?view=hosts")
    expect(page.get_by_text("Last test")).to_be_visible()


def test_providers_name_their_workloads_and_metadata_urls_are_links(
    dashboard: Dashboard, page: Page
):
    dashboard.post_webhook(
        "02",
        image="docker.io/library/redis:7",
        provider="kubernetes",
        metadata={
            "pod_name": "cache-0",
            "pod_namespace": "prod",
            "ctn_name": "redis",
            "changelog": "https://github.com/redis/redis/releases",
            "note": "see https://example.com",
        },
    )
    page.goto(dashboard.url)
    card = page.get_by_role("listitem", name="redis:7")

    expect(card.get_by_text("prod/cache-0")).to_be_visible()
    link = card.get_by_role("link", name="changelog")
    expect(link).to_have_attribute("href", "https://github.com/redis/redis/releases")
    expect(card.get_by_role("link", name="note")).to_have_count(0)


def test_a_get_webhook_with_a_body_shows_like_a_post(dashboard: Dashboard, page: Page):
    from tests.helpers import SECRET, diun_request

    body = diun_request("02-A1-app-1.0-new.json")["body_raw"]
    response = requests.get(
        dashboard.server.url("/webhook"), data=body, headers={"Authorization": SECRET}, timeout=5
    )
    assert response.status_code == 200
    page.goto(dashboard.url)
    expect(page.get_by_role("heading", name="demo/app:1.0")).to_be_visible()
