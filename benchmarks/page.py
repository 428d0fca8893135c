"""The page with a big fleet, cards against the table: prints figures, asserts nothing.

    .venv/bin/python -m benchmarks.page                  # 10,000 images
    .venv/bin/python -m benchmarks.page --images 2000

Needs the built page (``frontend/dist``: ``scripts/setup.sh`` or ``npx vite
build``) and Chromium (``CHROMIUM_PATH``, default ``/usr/bin/chromium``). The
fleet is written straight into a fresh SQLite file through ``Commands``, then a
real ``diundash serve`` serves it to headless Chromium at 1400x1000. For each
layout: the longest main-thread task (``longtask`` entries) while the first
screen renders and while a poll brings one changed image, how long until the
first image shows, and how many cards or rows are wholly above the fold. Both
layouts run in the same process, one after the other, so a noisy machine moves
both alike: compare them, not the absolute times.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import requests
from playwright.sync_api import Page, ViewportSize, sync_playwright

from benchmarks.bench_common import body, free_port
from diundash.commands import Commands
from diundash.events.types import Audit
from diundash.storage import open_database

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
VIEWPORT: ViewportSize = {"width": 1400, "height": 1000}
HEADER = (
    f"{'layout':<8} {'first image':>12} {'longest task: load':>20} {'a poll':>8}"
    f" {'above the fold':>15}"
)

OBSERVE_LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__longTasks.push(Math.round(entry.duration));
}).observe({ entryTypes: ['longtask'] });
"""

ABOVE_THE_FOLD = """(selector) => [...document.querySelectorAll(selector)].filter((item) => {
    const box = item.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight;
}).length"""

ITEMS = {"cards": ".card", "table": "tbody tr"}


def write_fleet(path: str, images: int) -> None:
    db = open_database(path, "OFF")
    commands = Commands(db)
    with db.atomic():
        for n in range(images):
            commands.record_webhook(body(n), Audit(source="cli"))
    db.close()


@contextmanager
def serving(env: Mapping[str, str]) -> Iterator[str]:
    """``diundash serve`` on a free port until the block ends; yields its base URL.
    Ready once ``/healthz`` answers (the list of a big fleet takes a while)."""
    port = free_port()
    full_env = {**os.environ, **env, "PORT": str(port), "HOST": "127.0.0.1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "diundash", "serve"],
        env=full_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(base + "/healthz", timeout=5)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def longest(page: Page) -> int:
    return max(page.evaluate("window.__longTasks"), default=0)


def measure(page: Page, base: str, layout: str, images: int, round_: int) -> dict[str, float]:
    page.add_init_script(OBSERVE_LONG_TASKS)
    start = time.perf_counter()
    page.goto(f"{base}/?layout={layout}")
    page.locator(ITEMS[layout]).first.wait_for()
    shown = time.perf_counter() - start
    page.wait_for_timeout(1000)  # anything the first render still queued
    first = longest(page)
    above = page.evaluate(ABOVE_THE_FOLD, ITEMS[layout])

    page.evaluate("window.__longTasks = []")
    n = images + 1_000_000 + 2 * round_ + (0 if layout == "cards" else 1)
    changed = body(n)
    requests.post(
        f"{base}/webhook", data=json.dumps(changed), headers={"Authorization": "s"}, timeout=5
    )
    page.locator(f'[data-image="{changed["image"]}"]').wait_for(timeout=20_000)
    page.wait_for_timeout(500)
    return {"shown": shown, "first": first, "poll": longest(page), "above": above}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--images", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3, help="each layout this often; medians")
    args = parser.parse_args()
    dist = REPO / "frontend" / "dist"
    if not (dist / "index.html").exists():
        raise SystemExit("build the page first: scripts/setup.sh, or npx vite build in frontend/")
    with tempfile.TemporaryDirectory(prefix="diundash-page-") as workdir:
        path = str(Path(workdir) / "diun.db")
        start = time.perf_counter()
        write_fleet(path, args.images)
        print(f"{args.images:,} images written in {time.perf_counter() - start:.1f} s")
        env = {
            "DB_PATH": path,
            "FRONTEND_DIST": str(dist),
            "WEBHOOK_SECRET": "s",
            "ACCESS_LOG": "off",
        }
        with serving(env) as base, sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            runs: dict[str, list[dict[str, float]]] = {"cards": [], "table": []}
            for round_ in range(args.rounds):
                # Alternate who goes first, so a warmer cache or a quieter moment favours neither.
                order = ("cards", "table") if round_ % 2 == 0 else ("table", "cards")
                for layout in order:
                    context = browser.new_context(viewport=VIEWPORT)
                    page = context.new_page()
                    runs[layout].append(measure(page, base, layout, args.images, round_))
                    context.close()
            print(HEADER)
            for layout, figures in runs.items():
                med = {key: statistics.median(run[key] for run in figures) for key in figures[0]}
                print(
                    f"{layout:<8} {med['shown'] * 1000:>9.0f} ms {med['first']:>17.0f} ms"
                    f" {med['poll']:>5.0f} ms {med['above']:>15.0f}"
                )
            browser.close()
        print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
