"""Tags: create, assign by drag-and-drop and by menu, grouping, delete."""

from playwright.sync_api import Page, Response, expect

from tests.browser.conftest import Dashboard

APP = "127.0.0.1:5000/demo/app:1.0"
WEB = "docker.io/library/redis:7.4"


def assignment_response(response: Response) -> bool:
    """The page updates at once; the server's answer comes a moment later."""
    return "/api/tag-assignments" in response.url


def test_create_tag_then_assign_by_drag_and_drop_and_by_menu(dashboard: Dashboard, page: Page):
    dashboard.post_webhook("02", image=WEB)
    dashboard.post_webhook("02")
    page.goto(dashboard.url)

    page.get_by_role("textbox", name="New tag name").fill("production")
    page.get_by_role("button", name="Add tag").click()
    production = page.get_by_role("region", name="Tag production")
    expect(production).to_contain_text("No images yet")

    app_card = page.get_by_role("listitem", name="demo/app:1.0 127.0.0.1:5000")
    with page.expect_response(assignment_response):
        app_card.locator(".card__handle").drag_to(production)

    expect(production.get_by_role("heading", name="demo/app:1.0")).to_be_visible()
    expect(production).to_contain_text("1 image")
    untagged = page.get_by_role("region", name="Untagged")
    expect(untagged.get_by_role("heading", name="demo/app:1.0")).to_have_count(0)

    page.get_by_role("button", name=f"Tag of {WEB}: No tag").click()
    with page.expect_response(assignment_response):
        page.get_by_role("menuitemradio", name="production").click()

    expect(production.get_by_role("heading", name="redis:7.4")).to_be_visible()
    expect(untagged).to_have_count(0)  # nothing left untagged: the section goes away
    tags = {image: entry["tag"] for image, entry in dashboard.updates().items()}
    assert tags[APP]["name"] == "production"
    assert tags[WEB]["name"] == "production"


def test_unassign_by_dragging_back_to_untagged_and_by_keyboard_menu(
    dashboard: Dashboard, page: Page
):
    dashboard.post_webhook("02", image=WEB)
    dashboard.post_webhook("02")
    dashboard.post_webhook("02", image="docker.io/library/redis:7")
    tag = dashboard.create_tag("cache")
    for image in (APP, WEB):
        dashboard.assign(image, tag["id"])
    page.goto(dashboard.url)
    untagged = page.get_by_role("region", name="Untagged")

    with page.expect_response(assignment_response):
        card = page.get_by_role("listitem", name="demo/app:1.0 127.0.0.1:5000")
        # Onto the heading: the whole section may not fit the window, and a drag
        # that has to scroll the page to reach its target never starts.
        card.locator(".card__handle").drag_to(untagged.get_by_role("heading", name="Untagged"))
    expect(untagged.get_by_role("heading", name="demo/app:1.0")).to_be_visible()

    menu_button = page.get_by_role("button", name=f"Tag of {WEB}: cache")
    menu_button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("menuitemradio", name="cache")).to_be_focused()
    page.keyboard.press("ArrowUp")
    with page.expect_response(assignment_response):
        page.keyboard.press("Enter")

    expect(untagged.get_by_role("heading", name="redis:7.4")).to_be_visible()
    assert all(entry["tag"] is None for entry in dashboard.updates().values())


def test_delete_tag_asks_first_and_ungroups_its_images(dashboard: Dashboard, page: Page):
    dashboard.post_webhook("02", image=WEB)
    dashboard.post_webhook("02")
    tag = dashboard.create_tag("production")
    dashboard.assign(APP, tag["id"])
    dashboard.assign(WEB, tag["id"])
    page.goto(dashboard.url)

    page.get_by_role("button", name="Delete tag production").click()
    dialog = page.get_by_role("dialog", name="Delete tag “production”?")
    expect(dialog).to_contain_text("2 images will be ungrouped")
    with page.expect_response(lambda response: response.request.method == "DELETE"):
        dialog.get_by_role("button", name="Delete tag").click()

    expect(page.get_by_role("region", name="Tag production")).to_have_count(0)
    expect(page.get_by_role("region", name="Untagged").get_by_role("listitem")).to_have_count(2)
    assert all(entry["tag"] is None for entry in dashboard.updates().values())


def test_group_by_host(dashboard: Dashboard, page: Page):
    dashboard.post_webhook("02", image=WEB)  # hostname vm
    dashboard.post_webhook("02", image="ghcr.io/acme/api:2.1", hostname="edge")
    page.goto(dashboard.url + "?group=host")

    expect(page.get_by_role("region", name="Host edge")).to_contain_text("acme/api")
    expect(page.get_by_role("region", name="Host vm")).to_contain_text("redis")


def test_the_tag_menu_stays_open_until_its_button_scrolls_away(dashboard: Dashboard, page: Page):
    dashboard.post_webhook("02", image=WEB)
    dashboard.post_webhook("02")
    page.set_viewport_size({"width": 1280, "height": 500})  # the second card below the fold
    page.goto(dashboard.url)
    button = page.get_by_role("button", name=f"Tag of {WEB}: No tag")

    button.click()  # scrolls the button into view first: that scroll must not close the menu
    page.wait_for_timeout(200)
    expect(page.get_by_role("menu")).to_be_visible()

    page.mouse.move(600, 100)
    page.mouse.wheel(0, -300)
    expect(page.get_by_role("menu")).to_have_count(0)
