"""Request smuggling on the real service: a request whose length could be
read two ways is answered 400 and its connection closed, so a request
hidden after it is never answered (RFC 9112 section 6.1)."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import SECRET
from tests.live_server import LiveServer, exchange

WEBHOOK = b'{"image": "docker.io/library/nginx:1.25"}'
CHUNKED = b"%x\r\n%s\r\n0\r\n\r\n" % (len(WEBHOOK), WEBHOOK)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    with LiveServer(tmp_path / "server", secret=SECRET) as live:
        yield live


def webhook_head(server: LiveServer, version: str, framing: list[str]) -> bytes:
    authority = server.base_url.removeprefix("http://")
    lines = [f"POST /webhook HTTP/{version}", f"Host: {authority}", f"Authorization: {SECRET}"]
    return "\r\n".join([*lines, "Connection: keep-alive", *framing, "", ""]).encode()


def next_request(server: LiveServer, *headers: str) -> bytes:
    """A request pipelined after the first: what a desynchronised proxy in
    front would take for part of the first, or for another client's."""
    authority = server.base_url.removeprefix("http://")
    return "\r\n".join(
        ["GET /api/updates HTTP/1.1", f"Host: {authority}", *headers, "", ""]
    ).encode()


AMBIGUOUS = {
    "Content-Length, then chunked": (
        "1.1",
        [f"Content-Length: {len(CHUNKED)}", "Transfer-Encoding: chunked"],
        CHUNKED,
    ),
    "chunked, then a short Content-Length": (
        "1.1",
        ["Transfer-Encoding: chunked", "Content-Length: 4"],
        CHUNKED,
    ),
    "an empty Transfer-Encoding and Content-Length": (
        "1.1",
        ["Transfer-Encoding: ", f"Content-Length: {len(WEBHOOK)}"],
        WEBHOOK,
    ),
    "HTTP/1.0 with Transfer-Encoding": ("1.0", ["Transfer-Encoding: chunked"], CHUNKED),
    "HTTP/1.0 with both": (
        "1.0",
        ["Transfer-Encoding: chunked", f"Content-Length: {len(CHUNKED)}"],
        CHUNKED,
    ),
}


@pytest.mark.parametrize(("version", "framing", "body"), AMBIGUOUS.values(), ids=AMBIGUOUS)
def test_an_ambiguous_length_is_a_400_that_closes_the_connection(server, version, framing, body):
    sent = webhook_head(server, version, framing) + body + next_request(server)

    answer = exchange(server.base_url, sent)

    assert answer.statuses == [400], answer.received
    assert b"Transfer-Encoding" in answer.body
    assert answer.closed
    assert server.event_count() == 0


def test_a_chunked_webhook_alone_keeps_its_connection_for_the_next_request(server):
    sent = webhook_head(server, "1.1", ["Transfer-Encoding: chunked"]) + CHUNKED

    answer = exchange(server.base_url, sent + next_request(server, "Connection: close"))

    assert answer.statuses == [200, 200], answer.received
    assert server.event_count() == 1
