"""Names DIUN reports may hold characters that disguise them (a right-to-left
override, a zero-width space): the page shows them as markers instead of
obeying them, on the card and in the table."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import Dashboard

DISGUISED_IMAGE = "evil.example/app\u202egpj.exe:1"
DISGUISED_HOST = "docker\u200b-host"


def test_a_disguised_image_and_host_show_their_hidden_characters(dashboard: Dashboard, page: Page):
    dashboard.post_webhook("02", image=DISGUISED_IMAGE, hostname=DISGUISED_HOST)
    page.goto(dashboard.url)

    card = page.locator(f'[data-image="{DISGUISED_IMAGE}"]')
    name = card.get_by_role("heading", name="app⟨U+202E⟩gpj.exe:1")
    expect(name).to_contain_text("app⟨U+202E⟩gpj.exe")
    expect(card).to_contain_text("docker⟨U+200B⟩-host")
    assert "\u202e" not in name.inner_text()

    page.goto(dashboard.url + "?layout=table")
    row = page.locator(f'tr[data-image="{DISGUISED_IMAGE}"]')
    expect(row).to_contain_text("app⟨U+202E⟩gpj.exe:1")
    expect(row).to_contain_text("docker⟨U+200B⟩-host")
