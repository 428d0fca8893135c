"""Idle and slow connections do not lock DIUN out: a real ``diundash serve``
holds hundreds of sockets that trickle a request, and still answers."""

import contextlib
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
