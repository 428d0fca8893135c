"""Connections kept after a bodiless answer on the real service: a poll
that finds the list unchanged (``304``) leaves its connection open for the
next one, as HTTP/1.1 allows (RFC 9112 section 6.3), unless the client
asked to close it."""

import http.client
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import SECRET
from tests.live_server import LiveServer, address_of


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    with LiveServer(tmp_path / "server", secret=SECRET) as live:
        yield live


def connect(server: LiveServer) -> http.client.HTTPConnection:
    host, port = address_of(server.base_url)
    return http.client.HTTPConnection(host, port, timeout=10)


def answer(
    connection: http.client.HTTPConnection, headers: dict[str, str]
) -> http.client.HTTPResponse:
    connection.request("GET", "/api/updates", headers=headers)
    response = connection.getresponse()
    response.read()
    return response


def test_polls_answered_304_share_one_connection(server: LiveServer) -> None:
    connection = connect(server)
    try:
        etag = answer(connection, {}).getheader("ETag", "")
        first = connection.sock
        for _ in range(3):
            response = answer(connection, {"If-None-Match": etag})
            assert response.status == 304
            assert response.getheader("Connection") is None
            assert not response.will_close
        assert connection.sock is first  # never reconnected
    finally:
        connection.close()


def test_a_client_asking_to_close_gets_its_304_and_the_connection_closed(
    server: LiveServer,
) -> None:
    connection = connect(server)
    try:
        etag = answer(connection, {}).getheader("ETag", "")
        response = answer(connection, {"If-None-Match": etag, "Connection": "close"})
        assert response.status == 304
        assert response.getheader("Connection") == "close"
        assert response.will_close
    finally:
        connection.close()


def test_an_http_1_0_poll_answered_304_closes_its_connection(server: LiveServer) -> None:
    connection = connect(server)
    try:
        etag = answer(connection, {}).getheader("ETag", "")
    finally:
        connection.close()
    request = f"GET /api/updates HTTP/1.0\r\nIf-None-Match: {etag}\r\n\r\n"
    with socket.create_connection(address_of(server.base_url), timeout=10) as sock:
        sock.sendall(request.encode())
        received = b""
        while piece := sock.recv(65536):  # to the end: the server closes it
            received += piece
    assert received.startswith(b"HTTP/1.0 304 ")
    assert b"\r\nConnection: close\r\n" in received
