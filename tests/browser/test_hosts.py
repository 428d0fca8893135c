"""Several Docker hosts reporting one image: a card per image with each host's
state, dismissing and forgetting on one host, and the Hosts view."""

import re
from urllib.parse import quote

import requests
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, Dashboard, screenshot

APP = "127.0.0.1:5000/demo/app:1.0"
HOSTS = ("alpha", "bravo", "charlie")
OLD_DIGEST = "sha256:60f682dc4b1382d51bc0c3014093143fda9470ef35c21270275596789efa46d2"


def report_from_three_hosts(dashboard: Dashboard) -> None:
    """One image on three hosts; charlie still runs an older digest."""
    dashboard.post_webhook("03", hostname="alpha")
    dashboard.post_webhook("03", hostname="bravo")
    dashboard.post_webhook("03", hostname="charlie", digest=OLD_DIGEST)


def hosts_api(dashboard: Dashboard) -> list[dict[str, object]]:
    response = requests.get(dashboard.server.url("/api/hosts"), timeout=5)
    response.raise_for_status()
    return list(response.json())


def test_one_card_lists_the_three_hosts_and_dismisses_on_one(dashboard: Dashboard, page: Page):
    report_from_three_hosts(dashboard)
    page.goto(dashboard.url)

    cards = page.get_by_role("listitem", name="demo/app:1.0 127.0.0.1:5000")
    expect(cards).to_have_count(1)
    hosts = cards.get_by_role("list", name=f"Hosts of {APP}").get_by_role("listitem")
    expect(hosts).to_have_count(3)
    expect(hosts.nth(0)).to_have_accessible_name("alpha: pending")
    expect(hosts.nth(2)).to_contain_text("sha256:60f682dc4b13")  # the hosts disagree on the digest
    expect(hosts.nth(0)).to_contain_text("seen just now")

    with page.expect_response(
        lambda response: response.request.method == "PATCH" and "host=bravo" in response.url
    ) as answer:
        cards.get_by_role("button", name="Dismiss on bravo").click()
    assert answer.value.status == 204

    expect(hosts.nth(1)).to_have_accessible_name("bravo: dismissed")
    screenshot(page, "card-with-three-hosts")
    expect(page.get_by_role("listitem", name=re.compile(r": pending$"))).to_have_count(2)
    entry = dashboard.updates()[APP]
    assert entry["acknowledged"] is False
    assert [(h["hostname"], h["acknowledged"]) for h in entry["hosts"]] == [
        ("alpha", False),
        ("bravo", True),
        ("charlie", False),
    ]
    # A poll later the page still agrees with the server.
    page.wait_for_timeout(5_500)
    expect(page.get_by_role("listitem", name=re.compile(r": pending$"))).to_have_count(2)


def test_the_hosts_view_lists_three_hosts_and_forgets_one_everywhere(
    dashboard: Dashboard, page: Page
):
    report_from_three_hosts(dashboard)
    page.goto(dashboard.url)
    page.get_by_role("navigation", name="Views").get_by_role("link", name="Hosts").click()

    expect(page).to_have_url(re.compile(r"\?view=hosts$"))
    region = page.get_by_role("region", name=re.compile(r"^Hosts"))
    expect(region.get_by_role("heading", level=3)).to_have_text(list(HOSTS))
    expect(page.get_by_role("listitem", name="charlie")).to_contain_text("DIUNv4.33.0")
    screenshot(page, "hosts-view")

    page.get_by_role("button", name="Forget host charlie").click()
    dialog = page.get_by_role("dialog", name="Forget host charlie?")
    expect(dialog).to_contain_text("Its history stays")
    with page.expect_response(lambda response: response.request.method == "DELETE") as answer:
        dialog.get_by_role("button", name="Forget host").click()
    assert answer.value.status == 204

    expect(region.get_by_role("heading", level=3)).to_have_text(["alpha", "bravo"])
    assert [host["hostname"] for host in hosts_api(dashboard)] == ["alpha", "bravo"]

    page.get_by_role("link", name="Updates").click()
    card = page.get_by_role("listitem", name="demo/app:1.0 127.0.0.1:5000")
    hosts = card.get_by_role("list", name=f"Hosts of {APP}").get_by_role("listitem")
    expect(hosts).to_have_count(2)
    expect(card).not_to_contain_text("charlie")
    page.get_by_role("combobox", name="Group").select_option(label="By host")
    expect(page.get_by_role("region", name=re.compile(r"^Host "))).to_have_count(2)
    expect(page.get_by_role("combobox", name="Host").get_by_role("option")).to_have_text(
        ["All hosts", "alpha", "bravo"]
    )

    # The log keeps charlie's history, and says it was forgotten.
    charlie = dashboard.events(host="charlie")
    assert [event["type"] for event in charlie] == ["UpdateReceived", "HostForgotten"]
    assert charlie[0]["data"]["body"]["hostname"] == "charlie"


def test_forgetting_an_image_on_one_host_from_its_card(dashboard: Dashboard, page: Page):
    report_from_three_hosts(dashboard)
    page.goto(dashboard.url)

    card = page.get_by_role("listitem", name="demo/app:1.0 127.0.0.1:5000")
    card.get_by_role("button", name="Forget on alpha").click()
    dialog = page.get_by_role("dialog", name=f"Forget {APP} on alpha?")
    expect(dialog).to_contain_text("A later webhook brings it back")
    expect(dialog).to_contain_text("Its tag stays")
    with page.expect_response(lambda response: response.request.method == "DELETE") as answer:
        dialog.get_by_role("button", name="Forget", exact=True).click()
    assert answer.value.status == 204
    assert f"/api/updates/{quote(APP, safe='')}?host=alpha" in answer.value.url

    expect(card.get_by_role("list", name=f"Hosts of {APP}").get_by_role("listitem")).to_have_count(
        2
    )
    assert [h["hostname"] for h in dashboard.updates()[APP]["hosts"]] == ["bravo", "charlie"]

    # A later webhook brings it back.
    dashboard.post_webhook("03", hostname="alpha")
    expect(card.get_by_role("list", name=f"Hosts of {APP}").get_by_role("listitem")).to_have_count(
        3
    )


def test_hosts_on_a_phone_and_with_the_keyboard(dashboard: Dashboard, page: Page):
    report_from_three_hosts(dashboard)
    page.set_viewport_size(PHONE)
    page.goto(dashboard.url)

    card = page.get_by_role("listitem", name="demo/app:1.0 127.0.0.1:5000")
    expect(card.get_by_role("button", name="Dismiss on charlie")).to_be_visible()
    # Nothing on the card sticks out sideways at 375 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "card-with-three-hosts-phone")

    forget = card.get_by_role("button", name=f"Forget {APP} on every host")
    forget.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name=f"Forget {APP}?")
    expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(forget).to_be_focused()

    page.goto(dashboard.url + "?view=hosts")
    expect(page.get_by_role("listitem", name="alpha")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "hosts-view-phone")
