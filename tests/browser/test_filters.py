"""Search, filters and sort change the list and the URL; the URL restores the view."""

from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, expect

from tests.browser.conftest import Dashboard

APP = "127.0.0.1:5000/demo/app:1.0"
WEB = "docker.io/library/redis:7.4"


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def card_titles(page: Page) -> list[str]:
    return page.get_by_role("heading", level=3).all_inner_texts()


def seed(dashboard: Dashboard) -> None:
    dashboard.post_webhook("02", image=WEB)
    dashboard.post_webhook("02")
    dashboard.post_webhook("02", image="ghcr.io/acme/api:2.1", hostname="edge")
    tag = dashboard.create_tag("production")
    dashboard.assign("ghcr.io/acme/api:2.1", tag["id"])
    dashboard.dismiss(APP)


def test_search_narrows_the_list_and_lands_in_the_url(dashboard: Dashboard, page: Page):
    seed(dashboard)
    page.goto(dashboard.url)
    expect(page.get_by_role("heading", level=3)).to_have_count(3)

    page.get_by_role("searchbox", name="Search images").fill("acme")

    expect(page.get_by_role("heading", level=3)).to_have_count(1)
    assert card_titles(page) == ["acme/api:2.1"]
    assert query(page) == {"q": ["acme"]}


def test_filters_and_sort_change_the_list_and_the_url(dashboard: Dashboard, page: Page):
    seed(dashboard)
    page.goto(dashboard.url)
    expect(page.get_by_role("heading", level=3)).to_have_count(3)

    page.get_by_role("radio", name="Pending").check()
    expect(page.get_by_role("heading", level=3)).to_have_count(2)
    assert query(page) == {"status": ["pending"]}

    page.get_by_role("combobox", name="Tag").select_option("production")
    expect(page.get_by_role("heading", level=3)).to_have_count(1)
    assert query(page) == {"status": ["pending"], "tag": ["production"]}

    page.get_by_role("combobox", name="Tag").select_option(label="Untagged only")
    expect(page.get_by_role("heading", level=3)).to_have_text(["redis:7.4"])
    assert query(page) == {"status": ["pending"], "untagged": ["1"]}

    page.get_by_role("button", name="Clear filters").first.click()
    page.get_by_role("combobox", name="Sort").select_option(label="Name")
    page.get_by_role("combobox", name="Group").select_option(label="By host")
    expect(page.get_by_role("region", name="Host vm").get_by_role("heading", level=3)).to_have_text(
        ["demo/app:1.0", "redis:7.4"]
    )
    assert query(page) == {"sort": ["name"], "group": ["host"]}


def test_a_bookmarked_view_survives_a_reload(dashboard: Dashboard, page: Page):
    seed(dashboard)
    page.goto(dashboard.url + "?status=pending&tag=production")

    expect(page.get_by_role("heading", level=3)).to_have_text(["acme/api:2.1"])
    expect(page.get_by_role("radio", name="Pending")).to_be_checked()
    expect(page.get_by_role("combobox", name="Tag")).to_have_value("production")

    page.get_by_role("radio", name="All").check()
    page.reload()
    expect(page.get_by_role("radio", name="All")).to_be_checked()
    assert query(page) == {"tag": ["production"]}
