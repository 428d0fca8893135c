"""Stopping the real service: SIGTERM and Ctrl-C end it cleanly, requests in
flight (being handled, queued for a worker, or still uploading) are answered
and stored, and the start-up log warns when the webhook is unprotected."""

import signal
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson
import pytest
import requests

from diundash.server.run import DRAIN_SECONDS
from tests.helpers import SECRET, diun_request
from tests.live_server import LiveServer, RawReply, ServerExit, replay_diun_request, verify

EXIT_WITHIN = 5.0  # seconds a stop may take
SETTLE = 0.5  # seconds for a signal or a request to reach the server
STOPPED_LINE = "diundash stopped"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    with LiveServer(tmp_path / "server", secret=SECRET) as live:
        yield live


def assert_log_verifies(server: LiveServer) -> None:
    result = verify(server.db_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok")


@pytest.mark.parametrize(
    "signum", [signal.SIGTERM, signal.SIGINT], ids=["sigterm", "ctrl-c-sigint"]
)
def test_signal_while_idle_stops_cleanly_with_exit_code_zero(
    server: LiveServer, signum: int
) -> None:
    assert (
        replay_diun_request(server.base_url, diun_request("02-A1-app-1.0-new.json")).status == 200
    )

    stopped = server.stop(signum)

    assert stopped.returncode == 0, stopped.log
    assert stopped.seconds_to_exit < EXIT_WITHIN
    assert STOPPED_LINE in stopped.log
    assert "Traceback" not in stopped.log
    with pytest.raises(requests.ConnectionError):
        requests.get(server.url("/api/updates"), timeout=2)
    assert_log_verifies(server)


def test_request_being_handled_when_sigterm_arrives_still_gets_its_answer(
    server: LiveServer,
) -> None:
    # Hold the database's write lock so the webhook's handler waits inside
    # its transaction (busy timeout) while the signal arrives.
    lock = sqlite3.connect(server.db_path, isolation_level=None, timeout=10)
    replies: list[RawReply] = []
    captured = diun_request("03-A3-app-1.0-update.json")
    sender = threading.Thread(
        target=lambda: replies.append(replay_diun_request(server.base_url, captured)),
        daemon=True,
    )
    try:
        lock.execute("BEGIN IMMEDIATE")
        sender.start()
        time.sleep(2 * SETTLE)
        assert not replies, "the handler did not wait for the lock: the test proves nothing"
        server.send_signal(signal.SIGTERM)
        time.sleep(SETTLE)
        assert server.process is not None
        assert server.process.poll() is None, "it exited with a request still running"
        lock.execute("ROLLBACK")
    finally:
        lock.close()
    sender.join(timeout=10)

    assert [(reply.status, reply.body) for reply in replies] == [(200, b"")]
    stopped = server.wait()
    assert stopped.returncode == 0, stopped.log
    assert STOPPED_LINE in stopped.log
    assert server.query("SELECT type, json_extract(data, '$.body.digest') FROM events") == [
        ("UpdateReceived", captured["body"]["digest"])
    ]
    assert_log_verifies(server)


@dataclass(frozen=True)
class Interrupted:
    """A request that had reached the server when SIGTERM arrived."""

    image: str
    status: int | None  # None: the connection closed with no response
    server: LiveServer
    stopped: ServerExit


def webhook_head(server: LiveServer, body: bytes) -> bytes:
    return (
        f"POST /webhook HTTP/1.1\r\nHost: {server.base_url.removeprefix('http://')}\r\n"
        f"Authorization: {SECRET}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()


def status_of(answer: bytes) -> int | None:
    return int(answer.split(b" ", 2)[1]) if answer else None


def read_until_closed(sock: socket.socket) -> bytes:
    received = b""
    try:
        while chunk := sock.recv(65536):
            received += chunk
    except ConnectionResetError:
        pass
    return received


def body_upload_interrupted(workdir: Path) -> Interrupted:
    """POST a webhook whose body stops halfway, SIGTERM, then send the rest."""
    image = "docker.io/split/body:1"
    body = orjson.dumps({"image": image, "status": "new"})
    with LiveServer(workdir, secret=SECRET) as server:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(webhook_head(server, body) + body[:10])
            time.sleep(SETTLE)
            server.send_signal(signal.SIGTERM)
            time.sleep(SETTLE)
            try:
                sock.sendall(body[10:])
                answer = read_until_closed(sock)
            except (BrokenPipeError, ConnectionResetError):
                answer = b""
        return Interrupted(image, status_of(answer), server, server.wait())


def queued_request_interrupted(workdir: Path) -> Interrupted:
    """With one worker thread, busy on a first webhook (waiting for the
    database lock), a second webhook arrives whole and waits in the queue;
    then SIGTERM, then the lock is released."""
    bodies = [orjson.dumps({"image": f"docker.io/queued/n{n}:1"}) for n in range(2)]
    answers: list[bytes] = [b"", b""]

    def send(server: LiveServer, n: int) -> None:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(webhook_head(server, bodies[n]) + bodies[n])
            answers[n] = read_until_closed(sock)

    with LiveServer(workdir, secret=SECRET, env={"THREADS": "1"}) as server:
        senders = [threading.Thread(target=send, args=(server, n), daemon=True) for n in range(2)]
        lock = sqlite3.connect(server.db_path, isolation_level=None, timeout=10)
        try:
            lock.execute("BEGIN IMMEDIATE")
            for sender in senders:
                sender.start()
                time.sleep(SETTLE)
            server.send_signal(signal.SIGTERM)
            time.sleep(SETTLE)
            lock.execute("ROLLBACK")
        finally:
            lock.close()
        for sender in senders:
            sender.join(timeout=10)
        assert status_of(answers[0]) == 200, "the request being handled must be answered"
        return Interrupted("docker.io/queued/n1:1", status_of(answers[1]), server, server.wait())


SCENARIOS = {
    "body-upload": body_upload_interrupted,
    "queued-for-worker": queued_request_interrupted,
}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_sigterm_still_answers_and_stores_a_request_in_flight(
    tmp_path: Path, scenario: str
) -> None:
    interrupted = SCENARIOS[scenario](tmp_path)

    assert interrupted.status == 200, interrupted.stopped.log
    assert interrupted.stopped.returncode == 0, interrupted.stopped.log
    assert STOPPED_LINE in interrupted.stopped.log
    stored = interrupted.server.query(
        "SELECT count(*) FROM events WHERE json_extract(data, '$.body.image') = ?",
        [interrupted.image],
    )
    assert stored == [(1,)]
    assert_log_verifies(interrupted.server)


@pytest.mark.slow  # waits out the whole drain limit
def test_sigterm_with_a_stalled_upload_still_stops_after_the_drain_limit(
    server: LiveServer,
) -> None:
    body = orjson.dumps({"image": "docker.io/stalled/upload:1"})
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(webhook_head(server, body) + body[:5])  # and never the rest
        time.sleep(SETTLE)

        stopped = server.stop(signal.SIGTERM, timeout=DRAIN_SECONDS + 10)

        assert read_until_closed(sock) == b""
    assert stopped.returncode == 0, stopped.log
    assert DRAIN_SECONDS - 1 < stopped.seconds_to_exit < DRAIN_SECONDS + EXIT_WITHIN
    assert "unfinished" in stopped.log
    assert STOPPED_LINE in stopped.log
    assert server.event_count() == 0
    assert_log_verifies(server)


def test_a_second_signal_stops_without_waiting_for_the_drain(server: LiveServer) -> None:
    body = orjson.dumps({"image": "docker.io/stalled/upload:1"})
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(webhook_head(server, body) + body[:5])  # and never the rest
        time.sleep(SETTLE)

        server.send_signal(signal.SIGTERM)
        time.sleep(SETTLE)
        stopped = server.stop(signal.SIGINT, timeout=DRAIN_SECONDS + 10)

    assert stopped.returncode == 0, stopped.log
    assert stopped.seconds_to_exit < DRAIN_SECONDS / 2
    assert "received again: stopping now" in stopped.log
    assert server.event_count() == 0
    assert_log_verifies(server)


def test_empty_webhook_secret_logs_a_warning_at_startup(tmp_path: Path) -> None:
    with LiveServer(tmp_path, secret="") as server:
        log = server.output_once("listening on")  # logged after the warning
        # And the webhook is indeed open: no Authorization needed.
        body = orjson.dumps({"image": "docker.io/open/door:1"})
        response = requests.post(server.url("/webhook"), data=body, timeout=10)

    warnings = [line for line in log.splitlines() if "WARNING" in line]
    assert any("WEBHOOK_SECRET" in line for line in warnings), log
    assert response.status_code == 200


def test_webhook_secret_set_logs_no_warning(server: LiveServer) -> None:
    log = server.output_once("listening on")  # logged after any warning

    assert "listening on" in log
    assert "WEBHOOK_SECRET" not in log
    # diundash's own warnings (waitress may warn of a queued task on a busy machine).
    assert "WARNING diundash" not in log
