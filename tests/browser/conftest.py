"""Browser tests: the real diundash server (a subprocess) and the built SPA in
headless Debian Chromium, driven through Playwright.

The SPA is (re)built with npm when ``frontend/dist`` is missing or older than
its sources, so a test run never checks a stale page.
"""

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import requests
from playwright.sync_api import Browser, Page, Playwright, ViewportSize, expect, sync_playwright

from tests.helpers import DIUN_FIXTURES
from tests.live_server import LiveServer

REPO = Path(__file__).resolve().parents[2]
FRONTEND = REPO / "frontend"
FRONTEND_DIST = FRONTEND / "dist"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 375, "height": 812}
# The page polls every 5 s: anything the server learns shows within one poll and a bit.
expect.set_options(timeout=10_000)
BUILD_INPUTS = (
    "src",
    "public",
    "index.html",
    "package.json",
    "package-lock.json",
    "vite.config.ts",
)


class Dashboard:
    """The running service: its URL, and the HTTP calls DIUN or a script would make."""

    def __init__(self, server: LiveServer) -> None:
        self.server = server
        self.url = server.base_url + "/"

    def post_webhook(self, label: str, **changes: Any) -> dict[str, Any]:
        """POST a captured DIUN request; with ``changes``, its body edited (e.g. another image)."""
        captured = diun_fixture(label)
        headers = {
            name: value
            for name, value in captured["headers"]
            if name.lower() not in ("host", "content-length")
        }
        body = captured["body_raw"].encode()
        if changes:
            body = json.dumps({**captured["body"], **changes}).encode()
        response = requests.post(self.server.url("/webhook"), data=body, headers=headers, timeout=5)
        assert response.status_code == 200, response.text
        return dict(json.loads(body))

    def updates(self) -> dict[str, Any]:
        response = requests.get(self.server.url("/api/updates"), timeout=5)
        response.raise_for_status()
        return dict(response.json())

    def create_tag(self, name: str) -> dict[str, Any]:
        response = requests.post(self.server.url("/api/tags"), json={"name": name}, timeout=5)
        assert response.status_code == 201, response.text
        return dict(response.json())

    def assign(self, image: str, tag_id: int) -> None:
        payload: dict[str, Any] = {"image": image, "tag_id": tag_id}
        response = requests.put(self.server.url("/api/tag-assignments"), json=payload, timeout=5)
        assert response.status_code == 204, response.text

    def dismiss(self, image: str) -> None:
        response = requests.patch(
            self.server.url(f"/api/updates/{quote(image, safe='')}"), timeout=5
        )
        assert response.status_code == 204, response.text

    def events(self, **params: Any) -> list[dict[str, Any]]:
        """One page of ``GET /api/events`` (oldest first unless ``order="desc"``)."""
        response = requests.get(self.server.url("/api/events"), params=params, timeout=5)
        response.raise_for_status()
        return list(response.json()["events"])


def diun_fixture(label: str) -> dict[str, Any]:
    """A request a real DIUN sent, by file name prefix (e.g. ``"02"``)."""
    matches = sorted(DIUN_FIXTURES.glob(f"{label}*.json"))
    assert matches, f"no DIUN fixture {label}* in {DIUN_FIXTURES}"
    return dict(json.loads(matches[0].read_text()))


def _newest_mtime(paths: list[Path]) -> float:
    newest = 0.0
    for path in paths:
        files = path.rglob("*") if path.is_dir() else [path]
        newest = max([newest, *(f.stat().st_mtime for f in files if f.is_file())])
    return newest


@pytest.fixture(scope="session")
def frontend_dist() -> Path:
    """``frontend/dist``, built now if missing or older than the sources."""
    index = FRONTEND_DIST / "index.html"
    sources = [FRONTEND / name for name in BUILD_INPUTS]
    if not index.exists() or index.stat().st_mtime < _newest_mtime(sources):
        if not (FRONTEND / "node_modules").is_dir():
            subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=FRONTEND, check=True)
        subprocess.run(["npm", "run", "build"], cwd=FRONTEND, check=True)
    return FRONTEND_DIST


@pytest.fixture
def dashboard(tmp_path: Path, frontend_dist: Path) -> Iterator[Dashboard]:
    """A fresh server (empty database, webhook unprotected) serving the built SPA."""
    with LiveServer(
        tmp_path / "server", secret="", env={"FRONTEND_DIST": str(frontend_dist)}
    ) as server:
        yield Dashboard(server)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A desktop-sized page in a fresh profile (light system theme); a screenshot is
    saved to ``artifacts/`` when the test fails."""
    context = browser.new_context(viewport=DESKTOP, color_scheme="light")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # What the Content-Security-Policy blocked shows only on the console.
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"failed-{request.node.name}.png", full_page=True)
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the test item, so ``page`` knows whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def screenshot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """Save the whole page (or, with ``full_page=False``, the viewport: right for
    a modal panel) to ``tests/browser/artifacts/<name>.png``.

    Cards use ``content-visibility: auto`` (the browser skips painting those off
    screen), so it is switched off first or a full-page picture shows blank cards.
    """
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    # A constructed style sheet: the page's CSP refuses an injected <style>.
    page.evaluate(
        """() => {
            const sheet = new CSSStyleSheet();
            sheet.replaceSync('.card { content-visibility: visible !important; }');
            document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
        }"""
    )
    page.screenshot(path=path, full_page=full_page, animations="disabled")
    return path
