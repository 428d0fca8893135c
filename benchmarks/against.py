"""``--against REV``: webhook ingest of the working tree beside other builds.

Each round runs every build in turn (which goes first rotates), on this
machine's disk and, with ``--fsync-delay-ms``, on a slow one, each on a fresh
SQLite file with ``DB_SYNCHRONOUS=FULL`` and 8 wrk clients; the bare app
(``bare_app``) once a round on this disk, for the ratio of issue 11. A shared
machine's load moves every build alike within a round, so the table gives
every round's figure, the medians and their ratios.
"""

import os
import statistics
import sys
from collections.abc import Iterator
from pathlib import Path

from benchmarks.builds import REPO, Build
from benchmarks.http_ratios import Server, post_script, running, service_env, wrk
from benchmarks.slow_disk import flush_ms, slow_disk

FIGURE = "POST /webhook, 8 clients, SQLite FULL"
BARE = "bare app"


def _disks(delay_ms: float) -> list[tuple[str, list[str]]]:
    disks: list[tuple[str, list[str]]] = [("this machine's disk", [])]
    if delay_ms:
        disks.append((f"fsync + {delay_ms:g} ms", slow_disk(delay_ms)))
    return disks


def _rotated(builds: list[Build], turn: int) -> Iterator[Build]:
    first = turn % len(builds)
    yield from builds[first:] + builds[:first]


def _load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def webhook_rate(build: Build, prefix: list[str], database: Path, seconds: float) -> float:
    """Webhooks a second that ``build`` stores, served under ``prefix``."""
    env = service_env({"DB_PATH": str(database), "DB_SYNCHRONOUS": "FULL"}, database.parent)
    with running([Server(build.serve(), env, prefix, build.cwd)]) as (server,):
        return wrk([server.base + "/webhook"], seconds, post_script())


def bare_rate(workdir: Path, seconds: float) -> float:
    empty_list = workdir / "bare-list.json"
    empty_list.write_bytes(b"[]")
    command = [sys.executable, "-m", "benchmarks.bare_app", "{port}", str(empty_list)]
    with running([Server(command, {}, cwd=REPO)]) as (bare,):
        return wrk([bare.base + "/webhook"], seconds, post_script())


def compare(
    builds: list[Build], workdir: Path, seconds: float, rounds: int, delay_ms: float
) -> None:
    """Measure and print the table; ``builds[0]`` is the one the ratios are of."""
    disks = _disks(delay_ms)
    print(f"load average at the start: {_load()}")
    for disk, prefix in disks:
        print(f"fdatasync of a small write, {disk}: {flush_ms(prefix, workdir):.2f} ms")
    rates: dict[tuple[str, str], list[float]] = {}
    runs = 0
    for turn in range(rounds):
        for disk, prefix in disks:
            for build in _rotated(builds, turn):
                runs += 1
                rate = webhook_rate(build, prefix, workdir / f"run-{runs}.db", seconds)
                rates.setdefault((disk, build.name), []).append(rate)
                print(f"  round {turn + 1}, {disk}, {build.name}: {rate:,.0f} req/s", flush=True)
        rate = bare_rate(workdir, seconds)
        rates.setdefault((disks[0][0], BARE), []).append(rate)
        print(f"  round {turn + 1}, {BARE}: {rate:,.0f} req/s", flush=True)
    print(f"load average at the end: {_load()}")
    print_comparison(builds, [disk for disk, _ in disks], rates)


def print_comparison(
    builds: list[Build], disks: list[str], rates: dict[tuple[str, str], list[float]]
) -> None:
    """Every round's figure, the median, and the working tree's median over it."""
    ours = builds[0].name
    print(f"\n{FIGURE} (req/s; ratio: {ours} / the row)")
    for disk in disks:
        print(disk)
        names = [build.name for build in builds] + ([BARE] if disk == disks[0] else [])
        ours_median = statistics.median(rates[(disk, ours)])
        for name in names:
            figures = rates[(disk, name)]
            median = statistics.median(figures)
            each = " · ".join(f"{rate:,.0f}" for rate in figures)
            ratio = "" if name == ours else f"{ours_median / median:6.2f}"
            print(f"  {name:<26} {each:<40} median {median:8,.0f} {ratio}")
