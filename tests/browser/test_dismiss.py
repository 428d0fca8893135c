"""Dismissing one update, and many at once."""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Dashboard

APP = "127.0.0.1:5000/demo/app:1.0"
WEB = "docker.io/library/redis:7.4"


def test_dismissing_an_update_marks_it_and_the_pending_filter_hides_it(
    dashboard: Dashboard, page: Page
):
    dashboard.post_webhook("02", image=WEB)
    dashboard.post_webhook("02")
    page.goto(dashboard.url)
    expect(page).to_have_title("(2) diundash")

    # The card changes at once (optimistically); the server's answer comes a moment later.
    with page.expect_response(lambda response: response.request.method == "PATCH"):
        page.get_by_role("button", name=f"Dismiss {APP}").click()

    card = page.get_by_role("listitem", name="demo/app:1.0 127.0.0.1:5000")
    expect(card.get_by_text("Dismissed", exact=True)).to_have_attribute(
        "title", re.compile(r"^Dismissed just now \(")
    )
    expect(page).to_have_title("(1) diundash")
    assert dashboard.updates()[APP]["acknowledged"] is True

    page.get_by_role("radio", name="Pending").check()
    expect(card).to_have_count(0)
    expect(page.get_by_role("heading", name="redis:7.4")).to_be_visible()

    page.get_by_role("radio", name="Dismissed").check()
    expect(card).to_be_visible()


def test_bulk_dismiss_confirms_then_dismisses_every_pending_update(
    dashboard: Dashboard, page: Page
):
    dashboard.post_webhook("02", image=WEB)
    dashboard.post_webhook("02")
    dashboard.post_webhook("02", image="ghcr.io/acme/api:2.1", hostname="edge")
    page.goto(dashboard.url)
    expect(page.get_by_text("3 pending updates")).to_be_visible()

    page.get_by_role("button", name="Dismiss all pending").click()
    dialog = page.get_by_role("dialog", name="Dismiss 3 pending updates?")
    expect(dialog.get_by_role("listitem")).to_have_count(3)
    for image in (APP, "ghcr.io/acme/api:2.1", WEB):
        expect(dialog).to_contain_text(image)
    with page.expect_response(lambda response: "/api/dismissals" in response.url):
        dialog.get_by_role("button", name="Dismiss 3 updates").click()

    expect(dialog).to_have_count(0)
    expect(page.get_by_text("0 pending updates")).to_be_visible()
    expect(page).to_have_title("diundash")
    assert not [image for image, entry in dashboard.updates().items() if not entry["acknowledged"]]


def test_bulk_dismiss_of_one_tag_leaves_the_others_pending(dashboard: Dashboard, page: Page):
    dashboard.post_webhook("02", image=WEB)
    dashboard.post_webhook("02")
    production = dashboard.create_tag("production")
    dashboard.assign(APP, production["id"])
    page.goto(dashboard.url)

    section = page.get_by_role("region", name="Tag production")
    section.get_by_role("button", name="Dismiss pending in production").click()
    dialog = page.get_by_role("dialog", name="Dismiss 1 pending update?")
    expect(dialog).to_contain_text(APP)
    with page.expect_response(lambda response: "/api/dismissals" in response.url):
        dialog.get_by_role("button", name="Dismiss 1 update").click()

    expect(section.get_by_role("listitem").get_by_text("Dismissed", exact=True)).to_be_visible()
    updates = dashboard.updates()
    assert updates[APP]["acknowledged"] is True
    assert updates[WEB]["acknowledged"] is False
