"""The benchmark script keeps working (its figures are for people, not asserts)."""

import subprocess
import sys

from tests.helpers import REPO

BENCH = REPO / "benchmarks" / "bench.py"


def test_quick_benchmark_runs_and_prints_every_figure():
    result = subprocess.run(
        [sys.executable, str(BENCH), "--quick"], capture_output=True, text=True, timeout=300
    )

    assert result.returncode == 0, result.stderr
    for figure in (
        "POST /webhook, one client",
        "GET /api/updates, 50 images",
        "If-None-Match -> 304",
        "replay 500 events",
        "as_of position 250",
        "peak memory",
    ):
        assert figure in result.stdout
