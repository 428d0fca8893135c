"""Log figures beyond the library calls of ``bench.bench_log``: ``diundash
replay`` timed as the process an operator runs, and ``as_of`` at its worst
(just before each snapshot: the most events to fold), with the snapshots'
total size."""

import os
import subprocess
import sys
import time

from peewee import Database

from diundash.clock import format_utc, utc_now
from diundash.events.store import read_decoded
from diundash.projections.fold import cycle_collection_paused, fold
from diundash.projections.snapshots import nearest_snapshot, with_bodies
from diundash.projections.time_travel import model_entries, updates_as_of
from diundash.projections.update_views import serialize_entries

SNAPSHOTS = "SELECT position, length(state) FROM read_model_snapshots ORDER BY position"

# The moment the lists are shown at (no snooze in these logs).
NOW = format_utc(utc_now())


def replay_process(path: str, events: int) -> None:
    """``diundash replay --db PATH`` as a process, twice: the first run after
    a bulk load writes the read tables and the snapshots, the second finds
    them right (as a replay beside a running service does). Each with its
    own CPU time and peak RSS (``wait4``: that process's alone)."""
    for run in ("first", "again"):
        start = time.perf_counter()
        replay = subprocess.Popen(
            [sys.executable, "-m", "diundash", "replay", "--db", path], stdout=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(replay.pid, 0)
        seconds = time.perf_counter() - start
        replay.returncode = os.waitstatus_to_exitcode(status)
        if replay.returncode:
            raise subprocess.CalledProcessError(replay.returncode, replay.args)
        cpu = usage.ru_utime + usage.ru_stime
        name = f"diundash replay, a process ({run})"
        print(
            f"{name:<44} {seconds:8.2f} s  (CPU {cpu:.2f} s, {events / seconds:,.0f} events/s, "
            f"peak RSS {usage.ru_maxrss // 1024} MiB, load {os.getloadavg()[0]:.1f})"
        )


def as_of_worst(db: Database) -> None:
    """``as_of`` just before each snapshot, and the snapshots' size."""
    stored = db.execute_sql(SNAPSHOTS).fetchall()
    size = sum(length for _, length in stored)
    print(f"{'snapshots':<44} {len(stored):8d}    ({size / 1024 / 1024:.1f} MiB in all)")
    worst = (0.0, 0.0, 0)
    for position, _ in stored[1:]:
        start, cpu = time.perf_counter(), time.process_time()
        updates_as_of(db, position - 1, NOW)  # the JSON body the API sends
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        worst = max(worst, (seconds, cpu, position - 1))
    seconds, cpu, position = worst
    name = f"as_of, worst before a snapshot ({position})"
    print(f"{name:<44} {seconds:8.2f} s  (CPU {cpu:.2f} s)")
    if position:
        as_of_phases(db, position)


def as_of_phases(db: Database, position: int) -> None:
    """Where ``as_of`` at ``position`` spends its time, step by step as
    ``time_travel.updates_as_of`` takes them (CPU seconds each)."""
    with cycle_collection_paused():
        clock = time.process_time()
        model = nearest_snapshot(db, position)
        decoded = time.process_time()
        folded = fold(model, read_decoded(db, after=model.position, upto=position))
        folding = time.process_time()
        with_bodies(db, model, latest_only=True)
        bodies = time.process_time()
        size = len(serialize_entries(model_entries(model, NOW)))
        done = time.process_time()
    print(
        f"{'  its steps, CPU':<44} snapshot {decoded - clock:.2f} s, fold {folded} events "
        f"{folding - decoded:.2f} s, bodies {bodies - folding:.2f} s, "
        f"render {done - bodies:.2f} s ({size / 1024 / 1024:.0f} MiB)"
    )
