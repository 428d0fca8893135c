"""diundash benchmarks: prints figures, asserts nothing.

    .venv/bin/python benchmarks/bench.py            # full run (about a minute)
    .venv/bin/python benchmarks/bench.py --quick    # small numbers, a smoke run

HTTP figures come from a real ``diundash serve`` (waitress, default
DB_SYNCHRONOUS=FULL) on loopback; log figures (replay, verify, as_of, export,
import) from the library on a temp SQLite file.
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


def bench_http(workdir: Path, images: int, rounds: int) -> None:
    port = free_port()
    env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "DB_PATH": str(workdir / "http.db"),
        "WEBHOOK_SECRET": "s",
        "ACCESS_LOG": "off",
        "FRONTEND_DIST": str(workdir / "none"),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "diundash", "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/api/tags", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        session = requests.Session()
        headers = {"Authorization": "s"}
        posts: list[float] = []
        for n in range(images):
            timed(posts, partial(session.post, f"{base}/webhook", json=body(n), headers=headers))
        report("POST /webhook, one client (FULL sync)", posts)

        concurrent: list[float] = []

        def post(n: int) -> None:
            timed(
                concurrent,
                lambda: requests.post(f"{base}/webhook", json=body(n, 1), headers=headers),
            )

        start = time.perf_counter()
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(post, range(min(images, 400))))
        elapsed = time.perf_counter() - start
        report("POST /webhook, 8 clients at once", concurrent)
        print(f"{'  throughput with 8 clients':<44} {len(concurrent) / elapsed:8.1f} webhooks/s")

        full: list[float] = []
        for _ in range(rounds):
            response = timed(full, lambda: session.get(f"{base}/api/updates"))
        size = len(response.content)  # type: ignore[attr-defined]
        report(f"GET /api/updates, {images} images ({size // 1024} KiB)", full)
        etag = response.headers["ETag"]  # type: ignore[attr-defined]
        cheap: list[float] = []
        for _ in range(rounds):
            timed(
                cheap, lambda: session.get(f"{base}/api/updates", headers={"If-None-Match": etag})
            )
        report("GET /api/updates, If-None-Match -> 304", cheap)
    finally:
        server.terminate()
        server.wait(timeout=20)


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
        bench_http(Path(workdir), images, rounds)
        bench_log(Path(workdir), events)


if __name__ == "__main__":
    main()
