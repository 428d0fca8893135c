"""diundash benchmarks: prints figures, asserts nothing.

    .venv/bin/python -m benchmarks.bench            # full run (a few minutes)
    .venv/bin/python -m benchmarks.bench --quick    # small numbers, a smoke run

HTTP figures come from real ``diundash serve`` processes (waitress) on
loopback: on SQLite (default DB_SYNCHRONOUS=FULL), and on a throwaway
PostgreSQL 15 cluster with its durable defaults, one instance and two on one
database. Log figures (replay, verify, as_of, export, import) come from the
library on a temp SQLite file.
"""

import argparse
import io
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import requests

from diundash.commands import Commands
from diundash.events.types import Audit
from diundash.ops.transfer import export_log, import_log
from diundash.projections.rebuild import rebuild_read_tables, verify_read_tables
from diundash.projections.time_travel import updates_as_of
from diundash.storage import open_database
from tests.databases import PostgresCluster, PostgresServer


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def body(n: int, digest: int = 0) -> dict[str, Any]:
    return {
        "diun_version": "v4.33.0",
        "hostname": f"host-{n % 7}",
        "status": "update",
        "provider": "docker",
        "image": f"registry.example:5000/team-{n % 40}/service-{n}:1.{n % 9}",
        "hub_link": "",
        "mime_type": "application/vnd.oci.image.manifest.v1+json",
        "digest": f"sha256:{digest:064x}",
        "created": "2026-02-03T04:05:06.123456789Z",
        "platform": "linux/amd64",
        "metadata": {
            "ctn_names": f"svc{n}",
            "ctn_id": f"{n:012x}",
            "ctn_state": "running",
            "ctn_status": "Up 2 days",
        },
    }


def timed(samples: list[float], call: Callable[[], object]) -> object:
    start = time.perf_counter()
    result = call()
    samples.append((time.perf_counter() - start) * 1000)
    return result


def report(name: str, samples: list[float]) -> None:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    print(
        f"{name:<44} n={len(samples):<6} p50={statistics.median(ordered):7.2f} ms  "
        f"p95={p95:7.2f} ms  max={ordered[-1]:7.2f} ms"
    )


class Servers:
    """``count`` real ``diundash serve`` processes on one database."""

    def __init__(self, workdir: Path, database: dict[str, str], count: int = 1) -> None:
        self.bases: list[str] = []
        self.processes: list[subprocess.Popen[bytes]] = []
        for _ in range(count):
            port = free_port()
            env = {
                **os.environ,
                "HOST": "127.0.0.1",
                "PORT": str(port),
                "WEBHOOK_SECRET": "s",
                "ACCESS_LOG": "off",
                "FRONTEND_DIST": str(workdir / "none"),
                **database,
            }
            self.processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "diundash", "serve"],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            self.bases.append(f"http://127.0.0.1:{port}")
        for base in self.bases:
            for _ in range(100):
                try:
                    requests.get(f"{base}/api/tags", timeout=1)
                    break
                except requests.ConnectionError:
                    time.sleep(0.1)

    def __enter__(self) -> "Servers":
        return self

    def __exit__(self, *exc: object) -> None:
        for process in self.processes:
            process.terminate()
            process.wait(timeout=20)


HEADERS = {"Authorization": "s"}


def bench_webhooks_8_clients(label: str, bases: list[str], count: int) -> None:
    """Throughput of ``count`` webhooks from 8 clients, spread over ``bases``."""
    concurrent: list[float] = []

    def post(n: int) -> None:
        base = bases[n % len(bases)]
        timed(
            concurrent,
            lambda: requests.post(f"{base}/webhook", json=body(n, 1), headers=HEADERS),
        )

    start = time.perf_counter()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(post, range(count)))
    elapsed = time.perf_counter() - start
    report(f"POST /webhook, 8 clients ({label})", concurrent)
    print(f"{'  throughput':<44} {len(concurrent) / elapsed:8.1f} webhooks/s")


def bench_http(label: str, base: str, images: int, rounds: int) -> None:
    session = requests.Session()
    posts: list[float] = []
    for n in range(images):
        timed(posts, partial(session.post, f"{base}/webhook", json=body(n), headers=HEADERS))
    report(f"POST /webhook, one client ({label})", posts)
    bench_webhooks_8_clients(label, [base], min(images, 400))

    full: list[float] = []
    for _ in range(rounds):
        response = timed(full, lambda: session.get(f"{base}/api/updates"))
    size = len(response.content)  # type: ignore[attr-defined]
    report(f"GET /api/updates, {images} images ({size // 1024} KiB, {label})", full)
    etag = response.headers["ETag"]  # type: ignore[attr-defined]
    cheap: list[float] = []
    for _ in range(rounds):
        timed(cheap, lambda: session.get(f"{base}/api/updates", headers={"If-None-Match": etag}))
    report(f"GET /api/updates, If-None-Match -> 304 ({label})", cheap)


def bench_sqlite(workdir: Path, images: int, rounds: int) -> None:
    with Servers(workdir, {"DB_PATH": str(workdir / "http.db")}) as servers:
        bench_http("SQLite, FULL", servers.bases[0], images, rounds)


def bench_postgres(workdir: Path, images: int, rounds: int) -> None:
    """The same on a PostgreSQL 15 cluster with its durable defaults (fsync,
    synchronous_commit on), with one instance and with two on one database."""
    why_not = PostgresCluster.available()
    if why_not:
        print(f"PostgreSQL figures skipped: {why_not}")
        return
    cluster = PostgresCluster(settings=())
    cluster.init()
    cluster.start()
    try:
        server = PostgresServer(cluster.admin_url)
        with Servers(workdir, {"DATABASE_URL": server.create_database()}) as one:
            bench_http("PostgreSQL, 1 instance", one.bases[0], images, rounds)
        with Servers(workdir, {"DATABASE_URL": server.create_database()}, count=2) as two:
            bench_webhooks_8_clients("PostgreSQL, 2 instances", two.bases, min(images, 400))
    finally:
        cluster.remove()


def bench_log(workdir: Path, events: int) -> None:
    path = str(workdir / "log.db")
    db = open_database(path, "OFF")
    commands = Commands(db)
    audit = Audit(source="cli")
    start = time.perf_counter()
    with db.atomic():
        for n in range(events):
            commands.record_webhook(body(n % 2000, n), audit)
    rate = events / (time.perf_counter() - start)
    print(f"{'append + project (one transaction)':<44} {rate:8.0f} events/s")

    for name, call in (
        (f"replay {events} events", lambda: rebuild_read_tables(db)),
        (f"verify {events} events", lambda: verify_read_tables(db)),
        (f"as_of position {events // 2}", lambda: updates_as_of(db, events // 2)),
    ):
        start = time.perf_counter()
        call()
        print(f"{name:<44} {time.perf_counter() - start:8.2f} s")

    exported = io.BytesIO()
    start = time.perf_counter()
    export_log(db, exported)
    kib = len(exported.getvalue()) // 1024
    print(f"{'export':<44} {time.perf_counter() - start:8.2f} s  ({kib} KiB)")
    target = open_database(str(workdir / "imported.db"), "OFF")
    start = time.perf_counter()
    import_log(target, exported.getvalue().splitlines())
    print(f"{'import':<44} {time.perf_counter() - start:8.2f} s")
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    size = os.path.getsize(path)
    print(f"{'database file':<44} {size / 1024 / 1024:8.1f} MiB ({size // events} bytes/event)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak memory of this process':<44} {peak:8.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small numbers: a smoke run")
    args = parser.parse_args()
    images, rounds, events = (50, 10, 500) if args.quick else (2000, 50, 50_000)
    with tempfile.TemporaryDirectory(prefix="diundash-bench-") as workdir:
        bench_sqlite(Path(workdir), images, rounds)
        bench_postgres(Path(workdir), images, rounds)
        bench_log(Path(workdir), events)


if __name__ == "__main__":
    main()
