"""The benchmark script keeps working (its figures are for people, not asserts)."""

import subprocess
import sys

from tests.helpers import REPO


def bench(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "benchmarks.bench", "--quick", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_quick_benchmark_runs_and_prints_every_figure():
    result = bench("--fsync-delay-ms", "1")

    assert result.returncode == 0, result.stderr
    for figure in (
        "GET /api/updates, 50 images",
        "same, gzip",
        "If-None-Match -> 304",
        "POST /webhook, 8 clients, SQLite FULL",
        "POST /webhook, 8 clients, SQLite NORMAL",
        "POST /webhook, 1 client, SQLite FULL",
        "POST /webhook, 1 client, SQLite NORMAL",
        "POST /webhook, 8 clients, SQLite FULL, fsync + 1 ms",
        "POST /webhook, 1 client, SQLite FULL, fsync + 1 ms",
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


def test_against_a_commit_runs_both_builds_on_both_disks():
    # HEAD: a build installed beside the working tree (kept in .bench-builds/).
    result = bench("--against", "HEAD", "--fsync-delay-ms", "1")

    assert result.returncode == 0, result.stderr
    table = result.stdout.split("POST /webhook, 8 clients, SQLite FULL (req/s")[1]
    for line in ("this machine's disk", "fsync + 1 ms", "working tree", "HEAD (", "bare app"):
        assert line in table
    assert table.count("median") == 5  # two builds on two disks, and the bare app
