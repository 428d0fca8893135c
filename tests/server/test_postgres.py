"""diundash on PostgreSQL as several instances and through outages: real
``diundash serve`` processes on a real PostgreSQL server."""

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.conftest import BACKENDS
from tests.databases import PostgresCluster, PostgresServer
from tests.helpers import SECRET
from tests.live_server import LiveServer, verify
from tests.server.test_concurrency import (
    ALLOWED_STATUSES,
    REQUEST_TIMEOUT,
    RUN_TIMEOUT,
    Sent,
    client_thread,
    read_log,
)
from tests.server.test_read_state_live import next_poll

THREADS_PER_INSTANCE = 8


def test_two_instances_on_one_database_behave_as_one_service(pg_database: str, tmp_path: Path):
    with (
        LiveServer(tmp_path / "a", secret=SECRET, database=pg_database) as a,
        LiveServer(tmp_path / "b", secret=SECRET, database=pg_database) as b,
    ):
        targets = [a] * THREADS_PER_INSTANCE + [b] * THREADS_PER_INSTANCE
        sent: list[Sent] = []
        start = threading.Barrier(len(targets) + 1)
        threads = [
            threading.Thread(target=client_thread, args=(server, n, start, sent), daemon=True)
            for n, server in enumerate(targets)
        ]
        for thread in threads:
            thread.start()
        start.wait(timeout=RUN_TIMEOUT)
        for thread in threads:
            thread.join(timeout=RUN_TIMEOUT)

        assert not [s for s in sent if s.status not in ALLOWED_STATUSES[s.kind]], sent[:5]
        events = read_log(a)
        assert [e.position for e in events] == list(range(1, len(events) + 1))
        logged = [e.request_id for e in events]
        for request in sent:
            if request.kind in ("webhook", "create_tag") and request.accepted:
                assert logged.count(request.request_id) == 1, request
        created = [e.data["id"] for e in events if e.type == "TagCreated"]
        assert len(set(created)) == len(created), "two instances handed out one tag id"

        answers = [requests.get(s.url("/api/updates"), timeout=REQUEST_TIMEOUT) for s in (a, b)]
        assert answers[0].content == answers[1].content
        assert answers[0].headers["ETag"] == answers[1].headers["ETag"]

        # A change made through A shows on B at its next poll (B hears of it
        # through a notification, a moment after A's commit).
        etag = answers[1].headers["ETag"]
        body = {"image": "ghcr.io/seen/through:a"}
        assert requests.post(a.url("/webhook"), json=body, headers={"Authorization": SECRET}).ok
        polled = next_poll(b, etag, pg_database)
        assert polled.status_code == 200
        assert "ghcr.io/seen/through:a" in polled.json()

    result = verify(pg_database)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def own_cluster() -> Iterator[tuple[PostgresCluster, str]]:
    """A PostgreSQL cluster of this test's own, to stop and start; and a database on it."""
    if "postgres" not in BACKENDS:
        pytest.skip("TEST_BACKENDS leaves PostgreSQL out")
    cluster = PostgresCluster()
    cluster.init()
    cluster.start()
    try:
        yield cluster, PostgresServer(cluster.admin_url).create_database()
    finally:
        cluster.remove()


def test_a_database_outage_is_503_then_the_service_recovers_by_itself(
    own_cluster: tuple[PostgresCluster, str], tmp_path: Path
):
    cluster, url = own_cluster
    answers: list[tuple[str, int, dict[str, str]]] = []
    stop = threading.Event()

    def post_webhooks() -> None:
        with requests.Session() as session:
            n = 0
            while not stop.is_set():
                request_id = f"w{n}"
                response = session.post(
                    live.url("/webhook"),
                    json={"image": f"docker.io/outage/img{n % 7}:1", "n": n},
                    headers={"Authorization": SECRET, "X-Request-ID": request_id},
                    timeout=REQUEST_TIMEOUT,
                )
                body = response.json() if response.content else {}
                answers.append((request_id, response.status_code, body))
                n += 1
                time.sleep(0.01)

    with LiveServer(tmp_path / "s", secret=SECRET, database=url) as live:
        load = threading.Thread(target=post_webhooks, daemon=True)
        load.start()
        time.sleep(1.0)
        cluster.stop("fast")
        time.sleep(1.5)
        health = requests.get(live.url("/healthz"), timeout=REQUEST_TIMEOUT)
        during = len(answers)
        cluster.start()
        time.sleep(2.0)
        stop.set()
        load.join(timeout=RUN_TIMEOUT)
        after = requests.get(live.url("/healthz"), timeout=REQUEST_TIMEOUT)

    statuses = [status for _, status, _ in answers]
    assert set(statuses) <= {200, 503}, statuses
    refused = [body for _, status, body in answers if status == 503]
    assert refused, "no request happened during the outage"
    assert all("database is unavailable" in body["description"] for body in refused)
    assert (health.status_code, health.json()["status"]) == (503, "unavailable")
    assert 200 in statuses[during:], "it did not recover"
    assert statuses[-1] == 200
    assert (after.status_code, after.json()["status"]) == (200, "ok")

    logged = [row[0] for row in live.query("SELECT request_id FROM events ORDER BY position")]
    acknowledged = [request_id for request_id, status, _ in answers if status == 200]
    assert sorted(logged) == sorted(acknowledged), "an acknowledged webhook was lost"
    result = verify(url)
    assert result.returncode == 0, result.stdout + result.stderr
