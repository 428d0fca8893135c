"""The list's state is kept in memory between commits (``read_state.py``),
yet a write through another process or instance shows at the next poll:
real ``diundash serve`` processes on one SQLite file or one PostgreSQL
database, and a ``diundash replay`` beside them."""

import time
from pathlib import Path

import requests

from diundash.storage import is_database_url
from tests.databases import query_db
from tests.helpers import SECRET
from tests.live_server import LiveServer, replay

TIMEOUT = 10
# On PostgreSQL another instance's write is heard through a notification,
# which arrives a moment after its commit: a page's next poll is 5 s away.
NOTIFIED_WITHIN = 5.0


def poll(server: LiveServer, etag: str) -> requests.Response:
    return requests.get(
        server.url("/api/updates"), headers={"If-None-Match": etag}, timeout=TIMEOUT
    )


def next_poll(server: LiveServer, etag: str, database: str) -> requests.Response:
    """The poll after a write elsewhere: at once on SQLite (every commit
    moves the WAL index every process maps), within the notification's
    delivery on PostgreSQL."""
    deadline = time.monotonic() + (NOTIFIED_WITHIN if is_database_url(database) else 0)
    while True:
        answer = poll(server, etag)
        if answer.status_code != 304 or time.monotonic() >= deadline:
            return answer
        time.sleep(0.05)


def post(server: LiveServer, image: str) -> None:
    answer = requests.post(
        server.url("/webhook"),
        json={"image": image},
        headers={"Authorization": SECRET},
        timeout=TIMEOUT,
    )
    assert answer.status_code == 200


def test_a_write_through_another_process_shows_at_the_next_poll(database: str, tmp_path: Path):
    with (
        LiveServer(tmp_path / "a", secret=SECRET, database=database) as a,
        LiveServer(tmp_path / "b", secret=SECRET, database=database) as b,
    ):
        post(a, "ghcr.io/first/image:1")
        etag = requests.get(b.url("/api/updates"), timeout=TIMEOUT).headers["ETag"]
        assert poll(b, etag).status_code == 304
        assert poll(b, etag).status_code == 304  # now from memory

        post(a, "ghcr.io/through/a:1")
        seen = next_poll(b, etag, database)

        assert seen.status_code == 200
        assert "ghcr.io/through/a:1" in seen.json()
        assert seen.headers["ETag"] != etag
        assert poll(a, seen.headers["ETag"]).status_code == 304  # one state, one ETag


def test_a_write_through_this_process_shows_at_once(database: str, tmp_path: Path):
    with LiveServer(tmp_path / "a", secret=SECRET, database=database) as a:
        post(a, "ghcr.io/first/image:1")
        etag = requests.get(a.url("/api/updates"), timeout=TIMEOUT).headers["ETag"]
        assert poll(a, etag).status_code == 304

        post(a, "ghcr.io/second/image:1")
        seen = poll(a, etag)

        assert seen.status_code == 200
        assert "ghcr.io/second/image:1" in seen.json()


def test_a_replay_beside_the_service_moves_its_etag(database: str, tmp_path: Path):
    with LiveServer(tmp_path / "a", secret=SECRET, database=database) as a:
        post(a, "ghcr.io/first/image:1")
        before = requests.get(a.url("/api/updates"), timeout=TIMEOUT)
        assert poll(a, before.headers["ETag"]).status_code == 304

        result = replay(database)
        assert result.returncode == 0, result.stderr
        seen = next_poll(a, before.headers["ETag"], database)

        # Same contents, a new generation: an ETag from before cannot match.
        assert seen.status_code == 200
        assert seen.content == before.content
        assert seen.headers["ETag"] != before.headers["ETag"]


def test_a_lost_notification_connection_is_taken_as_a_change(pg_database: str, tmp_path: Path):
    with (
        LiveServer(tmp_path / "a", secret=SECRET, database=pg_database) as a,
        LiveServer(tmp_path / "b", secret=SECRET, database=pg_database) as b,
    ):
        post(a, "ghcr.io/first/image:1")
        etag = requests.get(b.url("/api/updates"), timeout=TIMEOUT).headers["ETag"]
        assert poll(b, etag).status_code == 304
        listeners = "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'LISTEN%%'"
        listening = query_db(pg_database, listeners)
        assert listening[0][0] >= 1

        query_db(
            pg_database,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%%'",
        )
        post(a, "ghcr.io/while/b:reconnects")
        seen = next_poll(b, etag, pg_database)

        assert seen.status_code == 200
        assert "ghcr.io/while/b:reconnects" in seen.json()
        deadline = time.monotonic() + NOTIFIED_WITHIN
        while query_db(pg_database, listeners) != listening and time.monotonic() < deadline:
            time.sleep(0.05)
        assert query_db(pg_database, listeners) == listening, "b did not listen again"
