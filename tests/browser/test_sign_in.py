"""Sign-in on the real page: with AUTH_PASSWORD set, the page asks for the
password, then works, and the audit names the user."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Page, expect

from diundash.auth.passwords import hash_password
from tests.browser.conftest import Dashboard
from tests.live_server import LiveServer

PASSWORD = "open sesame"
APP = "127.0.0.1:5000/demo/app:1.0"


@pytest.fixture
def guarded(tmp_path: Path, frontend_dist: Path) -> Iterator[Dashboard]:
    env = {
        "FRONTEND_DIST": str(frontend_dist),
        "AUTH_PASSWORD": hash_password(PASSWORD),
        "AUTH_USER": "alice",
    }
    with LiveServer(tmp_path / "server", secret="", env=env) as server:
        yield Dashboard(server)


def test_the_page_asks_for_the_password_then_works_and_names_the_user(
    guarded: Dashboard, page: Page
):
    guarded.post_webhook("02")
    assert requests.get(guarded.server.url("/api/updates"), timeout=5).status_code == 401

    page.goto(guarded.url)
    page.get_by_label("Password").fill("not it")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("the password is wrong")).to_be_visible()

    page.wait_for_timeout(1100)  # the wait after a wrong password
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    with page.expect_response(lambda response: response.request.method == "PATCH") as answer:
        page.get_by_role("button", name=f"Dismiss {APP}").click()

    assert answer.value.status == 204
    events = page.request.get(guarded.server.url("/api/events?order=desc")).json()["events"]
    assert events[0]["audit"]["actor"] == "alice"
    cookie = next(c for c in page.context.cookies() if c["name"] == "diundash_session")
    assert cookie["httpOnly"]
    assert cookie["sameSite"] == "Strict"


def test_sign_out_asks_for_the_password_again(guarded: Dashboard, page: Page):
    guarded.post_webhook("02")
    page.goto(guarded.url)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name=f"Dismiss {APP}")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()

    expect(page.get_by_label("Password")).to_be_visible()
    # The session is gone on the server too, not only from the page.
    assert page.request.get(guarded.server.url("/api/updates")).status == 401
