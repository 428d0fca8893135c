"""The event loop does not spin on a connection whose answer a worker thread
is sending: ``Channel.writable`` says no while the worker holds the lock."""

import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import waitress

from diundash.server.channel import Channel

WAIT = 10.0


def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("200 OK", [("Content-Length", "0")])
    return []


@pytest.fixture
def channel() -> Iterator[Channel]:
    server = waitress.create_server(app, host="127.0.0.1", port=0)
    ours, theirs = socket.socketpair()
    try:
        yield Channel(server, ours, ("127.0.0.1", 1), server.adj, map={})
    finally:
        ours.close()
        theirs.close()
        server.close()


def answering(channel: Channel) -> None:
    """A request running in a worker, with part of its answer not sent yet."""
    channel.requests = [object()]
    channel.outbufs[-1].append(b"HTTP/1.1 200 OK\r\n")
    channel.total_outbufs_len = len(b"HTTP/1.1 200 OK\r\n")


def held_by_another_thread(lock: Any) -> tuple[threading.Event, threading.Thread]:
    taken, release = threading.Event(), threading.Event()

    def hold() -> None:
        with lock:
            taken.set()
            release.wait(WAIT)

    thread = threading.Thread(target=hold)
    thread.start()
    assert taken.wait(WAIT)
    return release, thread


def test_not_writable_while_a_worker_sends_the_answer(channel: Channel) -> None:
    answering(channel)
    release, worker = held_by_another_thread(channel.outbuf_lock)
    try:
        assert not channel.writable()
    finally:
        release.set()
        worker.join(WAIT)

    # Once the worker lets go (it wakes the loop when it leaves output behind),
    # the loop sends what is left.
    assert channel.writable()


def test_writable_with_output_left_after_the_request(channel: Channel) -> None:
    answering(channel)
    channel.requests = []

    assert channel.writable()


def test_writable_when_closing_even_while_a_worker_holds_the_lock(channel: Channel) -> None:
    answering(channel)
    channel.will_close = True
    release, worker = held_by_another_thread(channel.outbuf_lock)
    try:
        assert channel.writable()
    finally:
        release.set()
        worker.join(WAIT)


def test_nothing_to_send_is_not_writable(channel: Channel) -> None:
    assert not channel.writable()
