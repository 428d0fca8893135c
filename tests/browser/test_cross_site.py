"""Cross-site protection in real Chromium: a page of another origin cannot
make the browser change anything; the dashboard itself still can."""

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Dashboard
from tests.databases import free_loopback_port

APP = "127.0.0.1:5000/demo/app:1.0"
ATTACK = """<!doctype html><title>attack</title><script>
window.attacked = fetch('{target}/api/dismissals', {{
  method: 'POST', mode: 'no-cors', credentials: 'include', body: '{{}}'
}}).then(() => 'sent', (error) => String(error));
</script>
"""


@pytest.fixture
def other_origin(tmp_path: Path, dashboard: Dashboard) -> Iterator[str]:
    """A page on another origin (localhost, another port) that POSTs to the dashboard."""
    site = tmp_path / "elsewhere"
    site.mkdir()
    (site / "index.html").write_text(ATTACK.format(target=dashboard.server.base_url))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    port = free_loopback_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{port}/"
    finally:
        server.shutdown()
        server.server_close()


def test_a_page_of_another_origin_cannot_dismiss(dashboard: Dashboard, page: Page, other_origin):
    dashboard.post_webhook("02")
    before = len(dashboard.events())

    with page.expect_response(lambda response: "/api/dismissals" in response.url) as answer:
        page.goto(other_origin)
    assert page.evaluate("window.attacked") == "sent"

    assert answer.value.status == 403
    assert len(dashboard.events()) == before
    assert dashboard.updates()[APP]["acknowledged"] is False


def test_the_dashboard_itself_can_still_dismiss(dashboard: Dashboard, page: Page):
    dashboard.post_webhook("02")
    page.goto(dashboard.url)

    with page.expect_response(lambda response: response.request.method == "PATCH") as answer:
        page.get_by_role("button", name=f"Dismiss {APP}").click()

    assert answer.value.status == 204
    expect(page).to_have_title("diundash")
    assert dashboard.updates()[APP]["acknowledged"] is True
