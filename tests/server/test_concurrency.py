"""Many writers at once on the real service, plus a second process writing to
the same database (a SQLite file, or PostgreSQL): no request fails, no
accepted change is lost, the log stays gap-free and the read tables equal a replay of it."""

import random
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import orjson
import pytest
import requests

from tests.helpers import SECRET
from tests.live_server import LiveServer, service_env, verify

CLIENT_THREADS = 12
REQUESTS_PER_THREAD = 40
CLI_WEBHOOKS = 150
REQUEST_TIMEOUT = 30
RUN_TIMEOUT = 90
SHARED_IMAGES = [f"docker.io/library/shared{n}:1.{n}" for n in range(6)]
SHARED_TAG_NAMES = ["production", "staging", "dev", "qa"]
MAX_TAG_ID = 16  # assign/delete pick ids up to here, so some name no tag (404)

# Statuses each kind of request may get; anything else (a 5xx above all) fails.
ALLOWED_STATUSES = {
    "webhook": {200},
    "create_tag": {201, 409},
    "delete_tag": {204, 404},
    "assign": {204, 404},
    "unassign": {204},
    "dismiss": {204, 404},
    "dismiss_all": {200},
    "read": {200},
}

# A second process: the write side used directly, as an operator tool would.
CLI_WRITER = """
import sys
import time
from diundash.commands import Commands
from diundash.storage import open_database
from diundash.events.types import Audit

db = open_database(sys.argv[1])
commands = Commands(db)
print("ready", flush=True)
sys.stdin.readline()  # start with the client threads
written = 0
for n in range(int(sys.argv[2])):
    shared = f"docker.io/library/shared{n % 6}:1.{n % 6}"
    image = shared if n % 3 == 0 else f"cli.local/img{n % 5}:1"
    body = {"image": image, "status": "update", "provider": "cli", "n": n}
    commands.record_webhook(body, Audit(source="cli", request_id=f"cli-{n}"))
    written += 1
    time.sleep(0.005)  # an operator tool, not a flood: let the server's writers in too
print(written)
"""


@dataclass(frozen=True)
class Sent:
    """One request a client thread made and what came back."""

    request_id: str
    kind: str
    payload: dict[str, Any]
    status: int
    body: bytes

    @property
    def accepted(self) -> bool:
        return 200 <= self.status < 300

    def json(self) -> Any:
        return orjson.loads(self.body)


@dataclass(frozen=True)
class EventRow:
    position: int
    type: str
    data: dict[str, Any]
    source: str
    request_id: str | None


@pytest.fixture
def server(tmp_path: Path, database: str) -> Iterator[LiveServer]:
    with LiveServer(tmp_path / "server", secret=SECRET, database=database) as live:
        yield live


def client_thread(
    server: LiveServer, thread: int, start: threading.Barrier, log: list[Sent]
) -> None:
    """Make REQUESTS_PER_THREAD mixed requests, chosen by a seeded random."""
    rng = random.Random(thread)
    with requests.Session() as session:
        start.wait(timeout=RUN_TIMEOUT)
        for n in range(REQUESTS_PER_THREAD):
            request_id = f"t{thread}-{n}"
            kind, method, path, payload = pick_request(rng, thread, n)
            response = session.request(
                method,
                server.url(path),
                data=orjson.dumps(payload) if payload is not None else None,
                headers={"Authorization": SECRET, "X-Request-ID": request_id},
                timeout=REQUEST_TIMEOUT,
            )
            log.append(
                Sent(request_id, kind, payload or {}, response.status_code, response.content)
            )


def pick_request(
    rng: random.Random, thread: int, n: int
) -> tuple[str, str, str, dict[str, Any] | None]:
    """(kind, method, path, JSON body) of one request; shared images and tag
    names make threads collide."""
    image = rng.choice([*SHARED_IMAGES, f"docker.io/thread{thread}/own:{n % 3}"])
    roll = rng.random()
    if roll < 0.40:
        body = {"image": image, "status": rng.choice(["new", "update"]), "sent_by": thread}
        return "webhook", "POST", "/webhook", body
    if roll < 0.52:
        name = rng.choice([*SHARED_TAG_NAMES, f"thread{thread}-{n}"])
        return "create_tag", "POST", "/api/tags", {"name": name}
    if roll < 0.55:
        return "delete_tag", "DELETE", f"/api/tags/{rng.randint(1, MAX_TAG_ID)}", None
    if roll < 0.70:
        assignment = {"image": image, "tag_id": rng.randint(1, MAX_TAG_ID)}
        return "assign", "PUT", "/api/tag-assignments", assignment
    if roll < 0.78:
        return "unassign", "DELETE", "/api/tag-assignments", {"image": image}
    if roll < 0.92:
        return "dismiss", "PATCH", "/api/updates/" + quote(image, safe=""), {"image": image}
    if roll < 0.95:
        return "dismiss_all", "POST", "/api/dismissals", {}
    return "read", "GET", "/api/updates", None


def read_log(server: LiveServer) -> list[EventRow]:
    rows = server.query(
        "SELECT position, type, data, source, request_id FROM events ORDER BY position"
    )
    return [EventRow(p, t, orjson.loads(d), s, r) for p, t, d, s, r in rows]


def run_concurrently(server: LiveServer, workdir: Path) -> tuple[list[Sent], int]:
    """All client threads and the CLI writer process at once; returns every
    response and how many webhooks the other process says it recorded."""
    log: list[Sent] = []
    start = threading.Barrier(CLIENT_THREADS + 1)
    threads = [
        threading.Thread(target=client_thread, args=(server, n, start, log), daemon=True)
        for n in range(CLIENT_THREADS)
    ]
    writer = subprocess.Popen(
        [sys.executable, "-c", CLI_WRITER, server.db_path, str(CLI_WEBHOOKS)],
        env=service_env({}),
        cwd=workdir,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline() == "ready\n"
        for thread in threads:
            thread.start()
        start.wait(timeout=RUN_TIMEOUT)
        out, err = writer.communicate("go\n", timeout=RUN_TIMEOUT)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.communicate()
    for thread in threads:
        thread.join(timeout=RUN_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a client thread hung"
    assert writer.returncode == 0, err
    assert len(log) == CLIENT_THREADS * REQUESTS_PER_THREAD, "a client thread failed"
    return log, int(out)


def events_of(events: list[EventRow], request_id: str) -> list[EventRow]:
    return [event for event in events if event.request_id == request_id]


def test_concurrent_writers_lose_nothing_and_keep_the_log_consistent(
    server: LiveServer, tmp_path: Path
) -> None:
    sent, cli_written = run_concurrently(server, tmp_path)
    updates = requests.get(server.url("/api/updates"), timeout=REQUEST_TIMEOUT).json()
    events = read_log(server)
    by_kind = Counter((s.kind, s.status) for s in sent)

    unexpected = [s for s in sent if s.status not in ALLOWED_STATUSES[s.kind]]
    assert not unexpected, unexpected[:5]
    assert not [s for s in sent if s.status >= 500]

    # The log: gap-free positions, and the read tables at its end.
    assert [event.position for event in events] == list(range(1, len(events) + 1))
    assert server.query("SELECT position FROM projection_state") == [(len(events),)]

    # Every accepted webhook is exactly one UpdateReceived with the body sent.
    webhooks = [s for s in sent if s.kind == "webhook"]
    received = [e for e in events if e.type == "UpdateReceived" and e.source == "webhook"]
    assert len(received) == len(webhooks)
    for request in webhooks:
        (event,) = events_of(events, request.request_id)
        assert event.data["body"] == request.payload

    # The other process's webhooks are all there too.
    cli = [e for e in events if e.source == "cli"]
    assert cli_written == CLI_WEBHOOKS
    cli_ids = [f"cli-{n}" for n in range(CLI_WEBHOOKS)]
    assert sorted(e.request_id or "" for e in cli) == sorted(cli_ids)
    between = [e for e in events if cli[0].position < e.position < cli[-1].position]
    assert any(e.source != "cli" for e in between), "the two processes did not interleave"

    # Every 201 is one TagCreated with the id and name it answered; ids are unique.
    created = [s for s in sent if s.kind == "create_tag" and s.status == 201]
    tag_events = [e for e in events if e.type == "TagCreated"]
    assert len(tag_events) == len(created)
    for request in created:
        (event,) = events_of(events, request.request_id)
        assert event.type == "TagCreated"
        assert event.data == request.json()
        assert event.data["name"] == request.payload["name"]
    assert len({e.data["id"] for e in tag_events}) == len(tag_events)
    assert by_kind["create_tag", 409] > 0, "no tag name collided: the test proves less"

    # Other accepted changes: at most one event each, of the matching type.
    for request in sent:
        own = events_of(events, request.request_id)
        if not request.accepted or request.kind == "read":
            assert own == [], request
        elif request.kind == "delete_tag":
            assert [e.type for e in own] == ["TagDeleted"]
        elif request.kind in ("assign", "unassign", "dismiss"):
            expected_type = {
                "assign": "TagAssigned",
                "unassign": "TagUnassigned",
                "dismiss": "UpdateDismissed",
            }[request.kind]
            assert [e.type for e in own] in ([], [expected_type])
            assert all(e.data["image"] == request.payload["image"] for e in own)
        elif request.kind == "dismiss_all":
            dismissed = request.json()["dismissed"]
            assert sorted(e.data["image"] for e in own) == sorted(dismissed)
            assert all(e.type == "UpdateDismissed" for e in own)
    known = {s.request_id for s in sent} | set(cli_ids)
    assert {e.request_id for e in events} <= known

    # The API shows exactly the images some accepted webhook named.
    assert set(updates) == {e.data["body"]["image"] for e in events if e.type == "UpdateReceived"}

    stopped = server.stop()
    assert stopped.returncode == 0, stopped.log
    result = verify(server.db_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok")
