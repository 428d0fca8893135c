"""Idle and slow connections do not lock DIUN out: a real ``diundash serve``
holds hundreds of sockets that trickle a request, and still answers."""

import contextlib
import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.helpers import SECRET, diun_request
from tests.live_server import LiveServer, address_of

SLOW_CLIENTS = 500
ANSWER_WITHIN_S = 1.0


@contextlib.contextmanager
def slow_clients(server: LiveServer, count: int) -> Iterator[list[socket.socket]]:
    """``count`` connections, each having sent half a request and then nothing."""
    sockets: list[socket.socket] = []
    try:
        for _ in range(count):
            sock = socket.create_connection(address_of(server.base_url), timeout=5)
            sock.sendall(b"POST /webhook HTTP/1.1\r\nHost: diundash\r\nContent-Le")
            sockets.append(sock)
        yield sockets
    finally:
        for sock in sockets:
            sock.close()


def closed_by_server(sock: socket.socket, within_s: float) -> bool:
    sock.settimeout(within_s)
    try:
        return sock.recv(1024) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    with LiveServer(tmp_path / "server", secret=SECRET) as live:
        yield live


def test_webhook_and_health_answer_within_a_second_while_500_clients_trickle(
    server: LiveServer,
) -> None:
    body = diun_request("02-A1-app-1.0-new.json")["body_raw"].encode()
    with slow_clients(server, SLOW_CLIENTS) as held:
        started = time.monotonic()
        webhook = requests.post(
            server.url("/webhook"),
            data=body,
            headers={"Authorization": SECRET},
            timeout=ANSWER_WITHIN_S,
        )
        health = requests.get(server.url("/healthz"), timeout=ANSWER_WITHIN_S)
        elapsed = time.monotonic() - started

        assert (webhook.status_code, health.status_code) == (200, 200)
        assert elapsed < 2 * ANSWER_WITHIN_S
        assert len(held) == SLOW_CLIENTS
    assert server.event_count() == 1


def test_an_idle_connection_is_closed_after_channel_timeout(tmp_path: Path) -> None:
    with (
        LiveServer(tmp_path / "server", env={"CHANNEL_TIMEOUT": "1"}) as server,
        socket.create_connection(address_of(server.base_url), timeout=5) as idle,
    ):
        idle.sendall(b"GET /healthz HTTP/1.1\r\n")

        assert closed_by_server(idle, within_s=10)


def trickle_until_closed(sock: socket.socket, request: bytes, every_s: float, for_s: float) -> bool:
    """Send ``request`` a byte every ``every_s`` seconds (far more often than
    the idle timeout) for up to ``for_s`` seconds; whether the server closed
    the connection meanwhile."""
    deadline = time.monotonic() + for_s
    for byte in request:
        if time.monotonic() > deadline:
            return False
        try:
            sock.sendall(bytes([byte]))
        except (BrokenPipeError, ConnectionResetError):
            return True
        if closed_by_server(sock, within_s=every_s):
            return True
    return False


def test_a_client_trickling_its_headers_is_closed_after_channel_timeout(tmp_path: Path) -> None:
    # Each byte is activity, so the idle timeout alone never fires: the
    # headers must all arrive within CHANNEL_TIMEOUT of their first byte.
    endless_headers = b"GET /healthz HTTP/1.1\r\nHost: diundash\r\n" + b"X-Slow: " + b"x" * 200
    with (
        LiveServer(tmp_path / "server", env={"CHANNEL_TIMEOUT": "1"}) as server,
        socket.create_connection(address_of(server.base_url), timeout=5) as trickler,
    ):
        started = time.monotonic()
        closed = trickle_until_closed(trickler, endless_headers, every_s=0.2, for_s=10)

        assert closed
        assert time.monotonic() - started < 5
        assert requests.get(server.url("/healthz"), timeout=5).status_code == 200


def test_headers_sent_in_pieces_within_channel_timeout_are_answered(tmp_path: Path) -> None:
    request = b"GET /healthz HTTP/1.1\r\nHost: diundash\r\nConnection: close\r\n\r\n"
    with (
        LiveServer(tmp_path / "server", env={"CHANNEL_TIMEOUT": "2"}) as server,
        socket.create_connection(address_of(server.base_url), timeout=5) as client,
    ):
        for start in range(0, len(request), 10):
            client.sendall(request[start : start + 10])
            time.sleep(0.1)
        assert read_response(client).startswith(b"HTTP/1.1 200 OK")


def test_a_kept_alive_connection_is_not_cut_by_the_header_deadline(tmp_path: Path) -> None:
    request = b"GET /healthz HTTP/1.1\r\nHost: diundash\r\n\r\n"
    with (
        LiveServer(tmp_path / "server", env={"CHANNEL_TIMEOUT": "2"}) as server,
        socket.create_connection(address_of(server.base_url), timeout=5) as client,
    ):
        for _ in range(3):  # 3 requests over 3 s on one connection, each sent whole
            client.sendall(request)
            assert read_response(client).startswith(b"HTTP/1.1 200 OK")
            time.sleep(1)


def read_response(sock: socket.socket) -> bytes:
    """One whole response (headers and its Content-Length of body) off ``sock``."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(4096)
    head, _, body = data.partition(b"\r\n\r\n")
    length = re.search(rb"(?i)content-length: *(\d+)", head)
    assert length is not None
    while len(body) < int(length.group(1)):
        body += sock.recv(4096)
    return head + b"\r\n\r\n" + body
