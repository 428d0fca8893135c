"""Light and dark theme, phone width, and pictures of the main views."""

import re

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.browser.conftest import PHONE, Dashboard, screenshot

APP = "127.0.0.1:5000/demo/app:1.0"
WIDE: ViewportSize = {"width": 1400, "height": 1000}
LIGHT_BACKGROUND = "rgb(245, 246, 248)"
DARK_BACKGROUND = "rgb(14, 17, 21)"


def seed_homelab(dashboard: Dashboard) -> None:
    """A few hosts, registries and states, built from DIUN's captured requests."""
    dashboard.post_webhook("01")
    dashboard.post_webhook("03")
    docker = {"provider": "docker", "ctn_state": "running", "ctn_status": "Up 2 days"}
    for image, host, status, container, hub in [
        (
            "docker.io/library/nginx:1.27",
            "docker-host",
            "update",
            "web",
            "https://hub.docker.com/_/nginx",
        ),
        ("ghcr.io/home-assistant/home-assistant:stable", "nas", "update", "homeassistant", ""),
        ("lscr.io/linuxserver/jellyfin:latest", "nas", "new", "jellyfin", ""),
        (
            "docker.io/library/postgres:16",
            "docker-host",
            "update",
            "db",
            "https://hub.docker.com/_/postgres",
        ),
    ]:
        metadata = {"ctn_names": container, "ctn_id": "4f1c2a", **docker}
        dashboard.post_webhook(
            "02", image=image, hostname=host, status=status, hub_link=hub, metadata=metadata
        )
    production = dashboard.create_tag("production")
    dashboard.create_tag("media")
    dashboard.assign("docker.io/library/nginx:1.27", production["id"])
    dashboard.assign("docker.io/library/postgres:16", production["id"])
    dashboard.dismiss("docker.io/library/postgres:16")


def test_theme_choice_is_remembered_and_can_follow_the_system_again(
    dashboard: Dashboard, page: Page
):
    seed_homelab(dashboard)
    page.goto(dashboard.url)
    html = page.locator("html")
    expect(page.get_by_role("heading", name="nginx:1.27")).to_be_visible()
    expect(page.get_by_role("radio", name="System theme")).to_be_checked()
    expect(html).not_to_have_attribute("data-theme", "dark")
    screenshot(page, "desktop-light")

    page.get_by_role("radio", name="Dark theme").check()
    expect(html).to_have_attribute("data-theme", "dark")
    page.reload()

    expect(html).to_have_attribute("data-theme", "dark")
    expect(page.get_by_role("radio", name="Dark theme")).to_be_checked()
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == DARK_BACKGROUND
    screenshot(page, "desktop-dark")

    page.get_by_role("radio", name="System theme").check()
    page.reload()

    expect(page.get_by_role("radio", name="System theme")).to_be_checked()
    expect(html).not_to_have_attribute("data-theme", re.compile(".*"))
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == LIGHT_BACKGROUND
    page.emulate_media(color_scheme="dark")  # the system switches: the page follows
    expect(page.locator("body")).to_have_css("background-color", DARK_BACKGROUND)


def test_dark_system_theme_is_followed_by_default(dashboard: Dashboard, browser: Browser):
    seed_homelab(dashboard)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    page.goto(dashboard.url)

    expect(page.get_by_role("radio", name="System theme")).to_be_checked()
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == DARK_BACKGROUND
    context.close()


def test_phone_width_has_no_horizontal_scroll_and_works_by_touch(
    dashboard: Dashboard, browser: Browser
):
    seed_homelab(dashboard)
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(dashboard.url)
    expect(page.get_by_role("heading", name="nginx:1.27")).to_be_visible()

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "phone-light")

    page.get_by_role("button", name="Tag of lscr.io/linuxserver/jellyfin:latest: No tag").tap()
    page.get_by_role("menuitemradio", name="media").tap()
    expect(page.get_by_role("region", name="Tag media")).to_contain_text("linuxserver/jellyfin")

    page.get_by_role("button", name="Refresh and theme").tap()  # folded away on a phone
    page.get_by_role("radio", name="Dark theme").tap()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    screenshot(page, "phone-dark")
    context.close()


def test_empty_state_picture(dashboard: Dashboard, page: Page):
    page.goto(dashboard.url)
    expect(page.get_by_role("region", name="No updates yet")).to_be_visible()
    screenshot(page, "empty-light")


# A homelab a little bigger than seed_homelab's: what the README's pictures show.
MORE_IMAGES = [
    ("docker.io/grafana/grafana:11.3.1", "docker-host", "update"),
    ("docker.io/prom/prometheus:v2.55.1", "docker-host", "update"),
    ("docker.io/library/traefik:v3.2", "edge", "update"),
    ("docker.io/library/redis:7.4", "docker-host", "new"),
    ("docker.io/library/mariadb:11.4", "nas", "update"),
    ("docker.io/library/nextcloud:30-apache", "nas", "update"),
    ("docker.io/vaultwarden/server:1.32.5", "edge", "update"),
    ("docker.io/portainer/portainer-ce:2.24.0", "docker-host", "new"),
    ("ghcr.io/immich-app/immich-server:v1.121.0", "nas", "update"),
    ("lscr.io/linuxserver/sonarr:4.0.11", "nas", "update"),
    ("docker.io/pihole/pihole:2024.07.0", "edge", "update"),
    ("docker.io/eclipse-mosquitto:2.0.20", "edge", "new"),
    ("quay.io/prometheus/node-exporter:v1.8.2", "edge", "update"),
    ("docker.io/louislam/uptime-kuma:1.23.15", "docker-host", "update"),
]


def seed_bigger_homelab(dashboard: Dashboard) -> None:
    seed_homelab(dashboard)
    for image, host, status in MORE_IMAGES:
        dashboard.post_webhook("02", image=image, hostname=host, status=status, hub_link="")
    dashboard.dismiss("docker.io/library/redis:7.4")


@pytest.mark.parametrize("layout", ["cards", "table"])
def test_pictures_of_each_layout_in_both_themes_on_desktop_and_phone(
    dashboard: Dashboard, browser: Browser, layout: str
):
    """``<layout>-<desktop|phone>-<light|dark>.png`` in artifacts/: what the README shows."""
    seed_bigger_homelab(dashboard)
    for device, viewport in (("desktop", WIDE), ("phone", PHONE)):
        for theme in ("light", "dark"):
            context = browser.new_context(
                viewport=viewport, color_scheme=theme, is_mobile=device == "phone"
            )
            page = context.new_page()
            page.goto(f"{dashboard.url}?layout={layout}")
            # 18 images pending, less DIUN's connection test (not an update).
            expect(page.get_by_text("17 pending updates")).to_be_visible()
            shown = page.get_by_role("table") if layout == "table" else page.locator(".cards")
            expect(shown.first).to_be_visible()
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
            if device == "phone":  # past the header and toolbar, to the images
                page.get_by_role("region", name="Untagged").evaluate(
                    "(section) => section.scrollIntoView({ block: 'start' })"
                )
            screenshot(page, f"{layout}-{device}-{theme}", full_page=False)
            context.close()
