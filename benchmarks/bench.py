"""diundash benchmarks: prints figures, asserts nothing.

    .venv/bin/python -m benchmarks.bench            # full run (a few minutes)
    .venv/bin/python -m benchmarks.bench --quick    # small numbers, a smoke run
    .venv/bin/python -m benchmarks.bench --log-only --events 1000000   # log figures at 1M
    .venv/bin/python -m benchmarks.bench --against 143228d --fsync-delay-ms 2

HTTP figures (``http_ratios``) are ratios to a bare falcon + waitress app in
the same run, measured with wrk against real ``diundash serve`` processes on
loopback: SQLite (FULL and NORMAL), and a throwaway PostgreSQL 15 cluster with
its durable defaults, one instance and two on one database. Log figures
(replay, verify, as_of, export, import) come from the library on a temp
SQLite file.

``--fsync-delay-ms N`` adds the webhook figures on a slow disk, where each
fsync takes N ms more (strace's fault injection: ``benchmarks.slow_disk``).
``--against REV`` (repeatable) measures only webhook ingest, the working tree
beside commit REV installed in a virtual environment of its own
(``benchmarks.builds``), alternately for ``--rounds`` rounds, on this disk and
the slow one (``benchmarks.against``).
"""

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

from peewee import Database

from benchmarks.against import compare
from benchmarks.bench_common import append_in_bulk, log_body, receipts
from benchmarks.builds import reference, working_tree
from benchmarks.http_ratios import http_table
from benchmarks.log_scale import as_of_worst, replay_process
from benchmarks.slow_disk import NoStrace, slow_disk
from diundash.clock import format_utc, utc_now
from diundash.commands import Commands
from diundash.events.types import Audit
from diundash.ops.transfer import export_log, import_log
from diundash.projections.rebuild import rebuild_read_tables, verify_log
from diundash.projections.time_travel import updates_as_of
from diundash.storage import open_database, write_transaction

# The moment the lists are shown at (no snooze in these logs).
NOW = format_utc(utc_now())

LIVE_APPENDS = 20_000  # appended one by one through Commands; the rest in bulk


def bench_log(workdir: Path, events: int, images: int = 2000, hosts: int | None = None) -> None:
    path = str(workdir / "log.db")
    db = open_database(path, "OFF")
    commands = Commands(db)
    audit = Audit(source="cli")
    live = min(events, LIVE_APPENDS)
    start = time.perf_counter()
    with db.atomic():
        for n in range(live):
            commands.record_webhook(log_body(n, images, hosts), audit)
    rate = live / (time.perf_counter() - start)
    print(f"{'append + project (one transaction)':<44} {rate:8.0f} events/s")
    start = time.perf_counter()
    with write_transaction(db):
        append_in_bulk(db, receipts(live, events - live, images, utc_now(), hosts))
    if events > live:
        rate = (events - live) / (time.perf_counter() - start)
        print(f"{'bulk append, not projected':<44} {rate:8.0f} events/s")
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # as a long-running service's file is
    replay_process(path, events)  # first after the bulk load, then again (tables right)

    for name, call in (
        (f"replay {events} events", lambda: rebuild_read_tables(db)),
        (f"verify {events} events", lambda: verify_log(db)),
        (f"as_of position {events // 2}", lambda: updates_as_of(db, events // 2, NOW)),
        # the farthest from a snapshot: SNAPSHOT_EVERY - 1 events to fold
        (f"as_of position {events - 1}", lambda: updates_as_of(db, events - 1, NOW)),
    ):
        start, cpu = time.perf_counter(), time.process_time()
        call()
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        per_second = f", {events / seconds:,.0f} events/s" if "as_of" not in name else ""
        print(f"{name:<44} {seconds:8.2f} s  (CPU {cpu:.2f} s{per_second})")

    as_of_worst(db)
    bench_transfer(db, workdir)
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    size = os.path.getsize(path)
    print(f"{'database file':<44} {size / 1024 / 1024:8.1f} MiB ({size // events} bytes/event)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak memory of this process':<44} {peak:8.0f} MiB")


def bench_transfer(db: Database, workdir: Path) -> None:
    exported = workdir / "log.jsonl"
    start = time.perf_counter()
    with exported.open("xb") as out:
        export_log(db, out)
    kib = exported.stat().st_size // 1024
    print(f"{'export':<44} {time.perf_counter() - start:8.2f} s  ({kib} KiB)")
    target = open_database(str(workdir / "imported.db"), "OFF")
    start = time.perf_counter()
    with exported.open("rb") as lines:
        import_log(target, lines)
    print(f"{'import':<44} {time.perf_counter() - start:8.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small numbers: a smoke run")
    parser.add_argument("--events", type=int, help="events in the log figures' log")
    parser.add_argument("--log-only", action="store_true", help="only the log figures")
    parser.add_argument(
        "--fsync-delay-ms",
        type=float,
        default=0,
        metavar="N",
        help="also measure webhooks with each fsync N ms slower (needs strace)",
    )
    parser.add_argument(
        "--against",
        action="append",
        metavar="REV",
        help="only webhook ingest, beside commit REV (repeatable), run alternately",
    )
    parser.add_argument("--rounds", type=int, help="rounds of --against (default 4)")
    parser.add_argument("--seconds", type=int, help="seconds per HTTP figure")
    parser.add_argument("--images", type=int, default=2000, help="images in the log figures' log")
    parser.add_argument(
        "--hosts", type=int, help="every image from each of this many hosts (default: one of 7)"
    )
    args = parser.parse_args()
    images, seconds, events = (50, 1, 500) if args.quick else (2000, 10, 50_000)
    scale_images = 200 if args.quick else 10_000
    seconds = args.seconds or seconds
    try:
        slow_disk(args.fsync_delay_ms)  # no strace: said before anything is measured
        with tempfile.TemporaryDirectory(prefix="diundash-bench-") as workdir:
            if args.against:
                builds = [working_tree()] + [reference(rev) for rev in args.against]
                rounds = args.rounds or (1 if args.quick else 4)
                compare(builds, Path(workdir), seconds, rounds, args.fsync_delay_ms)
                return
            if not args.log_only:
                http_table(Path(workdir), images, seconds, scale_images, args.fsync_delay_ms)
            bench_log(Path(workdir), args.events or events, args.images, args.hosts)
    except NoStrace as error:
        raise SystemExit(str(error)) from None


if __name__ == "__main__":
    main()
