"""``diundash replay`` while the service runs: it folds the log without the
write lock and swaps the tables in one short transaction, so DIUN's webhooks
meanwhile are all answered 200 and stored, and the result is a cold replay's."""

import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from benchmarks.bench_common import append_in_bulk, receipts
from diundash.projections.rebuild import rebuild_read_tables, snapshot_read_tables
from diundash.storage import open_database, write_transaction
from tests.helpers import SECRET
from tests.live_server import LiveServer, service_env, verify

LOG_EVENTS = 200_000
REPLAY_TIMEOUT = 300


def make_log(database: str, events: int) -> None:
    """``events`` receipts appended in bulk, then projected."""
    db = open_database(database, "OFF")
    try:
        with write_transaction(db):
            append_in_bulk(db, receipts(0, events, 2000, datetime(2026, 1, 1, tzinfo=UTC)))
        rebuild_read_tables(db)
    finally:
        db.close()


@pytest.fixture
def server(tmp_path: Path, database: str) -> Iterator[LiveServer]:
    make_log(database, LOG_EVENTS)
    with LiveServer(tmp_path / "server", secret=SECRET, database=database) as live:
        yield live


def post_until(server: LiveServer, done: threading.Event, sent: list[tuple[str, int]]) -> None:
    """Post webhooks one after another, each of a new image, until ``done``."""
    with requests.Session() as session:
        while not done.is_set():
            image = f"registry.example/replay-test/app-{len(sent)}:1"
            body = {"image": image, "hostname": "live", "status": "new"}
            response = session.post(
                server.url("/webhook"), json=body, headers={"Authorization": SECRET}, timeout=30
            )
            sent.append((image, response.status_code))


@pytest.mark.slow
def test_webhooks_during_a_replay_all_succeed_and_it_equals_a_cold_replay(
    server: LiveServer,
) -> None:
    (generation_before,) = server.query("SELECT generation FROM projection_state")[0]
    sent: list[tuple[str, int]] = []
    done = threading.Event()
    client = threading.Thread(target=post_until, args=(server, done, sent))
    client.start()
    try:
        replay = subprocess.run(
            [sys.executable, "-m", "diundash", "replay", "--progress", "--db", server.db_path],
            env=service_env({}),
            capture_output=True,
            text=True,
            timeout=REPLAY_TIMEOUT,
            check=False,
        )
        sent_during_replay = len(sent)
    finally:
        done.set()
        client.join(timeout=60)

    assert replay.returncode == 0, replay.stderr
    assert "folded 100000 events" in replay.stderr  # progress while it runs
    # Webhooks were stored while it folded, and it caught up with them.
    meanwhile = re.search(r"\((\d+) appended while it ran\)", replay.stdout)
    assert meanwhile is not None, replay.stdout
    assert int(meanwhile[1]) > 0
    assert sent_during_replay >= 5
    assert [status for _, status in sent if status != 200] == []

    server.stop()
    assert server.event_count() == LOG_EVENTS + len(sent)
    stored = {image for (image,) in server.query("SELECT image FROM host_updates")}
    assert {image for image, _ in sent} <= stored
    (generation_after,) = server.query("SELECT generation FROM projection_state")[0]
    assert generation_after == generation_before + 1
    assert verify(server.db_path).returncode == 0

    db = open_database(server.db_path, "OFF")
    try:
        live = snapshot_read_tables(db)
        rebuild_read_tables(db)
        assert snapshot_read_tables(db) == live
    finally:
        db.close()
