"""DIUN's webhooks reach an open page without a reload."""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Dashboard


def test_empty_page_shows_the_diun_webhook_config_for_this_server(dashboard: Dashboard, page: Page):
    page.goto(dashboard.url)

    setup = page.get_by_role("region", name="No updates yet")
    expect(setup).to_contain_text(f"endpoint: {dashboard.server.base_url}/webhook")
    expect(setup).to_contain_text("method: POST")
    expect(setup).to_contain_text("authorization:")
    expect(page).to_have_title("diundash")


def test_a_webhook_appears_on_the_open_page_and_counts_as_pending(dashboard: Dashboard, page: Page):
    page.goto(dashboard.url)
    expect(page.get_by_role("region", name="No updates yet")).to_be_visible()

    dashboard.post_webhook("02")  # 127.0.0.1:5000/demo/app:1.0, status new

    card = page.get_by_role("listitem", name="demo/app:1.0 127.0.0.1:5000")
    expect(card).to_be_visible()
    expect(card).to_contain_text("new")
    expect(card).to_contain_text("127.0.0.1:5000")
    expect(card).to_contain_text("sha256:60f682dc4b13")
    expect(card).to_contain_text("vm")
    expect(card.get_by_role("link")).to_have_count(0)  # hub_link is empty
    expect(page.get_by_role("status").filter(has_text="New update")).to_contain_text(
        "New update: 127.0.0.1:5000/demo/app:1.0"
    )
    expect(page).to_have_title("(1) diundash")
    expect(page.get_by_text("1 pending update", exact=True)).to_be_visible()


def test_a_newer_digest_replaces_the_card_in_place(dashboard: Dashboard, page: Page):
    dashboard.post_webhook("02")
    page.goto(dashboard.url)
    card = page.get_by_role("listitem", name="demo/app:1.0 127.0.0.1:5000")
    expect(card).to_contain_text("sha256:60f682dc4b13")

    dashboard.post_webhook("03")  # same image, status update, new digest, nanosecond `created`

    expect(card).to_contain_text("sha256:dc4265e9b214")
    expect(card).to_contain_text("update")
    expect(page.get_by_role("listitem", name=re.compile(r"demo.app"))).to_have_count(1)


def test_polling_uses_etags(dashboard: Dashboard, page: Page):
    statuses: list[int] = []
    page.on(
        "response",
        lambda response: (
            statuses.append(response.status) if "/api/updates" in response.url else None
        ),
    )
    dashboard.post_webhook("02", image="docker.io/library/redis:7.4")
    page.goto(dashboard.url)
    expect(page.get_by_role("listitem", name=re.compile(r"redis"))).to_be_visible()

    page.wait_for_timeout(5_500)

    assert statuses[0] == 200
    assert 304 in statuses[1:], statuses


def test_the_list_is_read_in_a_web_worker_the_page_policy_allows(dashboard: Dashboard, page: Page):
    # A big fleet's list is parsed off the page's thread; were the worker refused
    # (the policy logs that, and the page fixture fails on it), the page would parse it itself.
    workers: list[str] = []
    page.on("worker", lambda worker: workers.append(worker.url))
    dashboard.post_webhook("02")
    page.goto(dashboard.url)
    expect(page.get_by_role("listitem", name="demo/app:1.0 127.0.0.1:5000")).to_be_visible()

    dashboard.post_webhook("02", image="docker.io/library/redis:7")  # read through it by a poll too
    expect(page.get_by_role("heading", name="redis:7")).to_be_visible()
    assert [url for url in workers if "/assets/updates.worker" in url], workers
