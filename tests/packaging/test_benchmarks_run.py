"""The benchmark script keeps working (its figures are for people, not asserts)."""

import subprocess
import sys

from tests.helpers import REPO


def test_quick_benchmark_runs_and_prints_every_figure():
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench", "--quick"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr
    for figure in (
        "GET /api/updates, 50 images",
        "same, gzip",
        "If-None-Match -> 304",
        "POST /webhook, 8 clients, SQLite FULL",
        "POST /webhook, 8 clients, SQLite NORMAL",
        "POST /webhook, 1 client, SQLite FULL",
        "POST /webhook, 1 client, SQLite NORMAL",
        "server peak RSS",
        "server peak RSS after 200 images, 20 hosts",
        "POST /webhook, 8 clients, PostgreSQL, 1 instance",
        "POST /webhook, 8 clients, PostgreSQL, 2 instances",
        "GET /api/updates, 50 images, PostgreSQL",
        "replay 500 events",
        "as_of position 250",
        "peak memory",
    ):
        assert figure in result.stdout
