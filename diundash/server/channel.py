"""waitress's connection with four things it lacks: a deadline on a
request's headers, sends in bounded pieces, a refusal of requests whose
length is ambiguous, and an event loop that waits while a worker is sending.

waitress's ``channel_timeout`` closes a connection that has been *idle* that
long, and every byte received is activity: a client sending its headers a
byte a second holds its connection (and one of ``CONNECTION_LIMIT``)
forever. This channel also closes a connection whose request headers have
not all arrived ``channel_timeout`` seconds after their first byte. A body
is not held to it (a webhook's 1 MiB on a slow link may take longer).

waitress also reads each piece it sends as large as the socket's send
buffer, a fresh copy, and on loopback that buffer grows to 4 MiB: copies of
that size, made and freed in each of its threads, stay behind in glibc's
per-thread arenas (60 MiB more at 10,000 images). This channel sends at most
``SEND_PIECE`` at a time.

And waitress's loop asks each connection whether it wants to send
(``writable``) before each poll: a connection with output pending says yes,
and the socket is writable, so the poll returns at once; but while a worker
thread is sending that output itself (it holds ``outbuf_lock`` in
``write_soon``, and waits there for the GIL after each ``send``), the loop
cannot send anything and polls again at once, holding the GIL the worker
needs: 20 to 30 empty turns of the loop for each webhook, measured, and
every request slower. This channel says no while a worker holds the lock;
the worker wakes the loop (``pull_trigger``) whenever it leaves output
behind, and after each request.

waitress frames a request that has both ``Content-Length`` and
``Transfer-Encoding`` by the latter and answers it, keeping the connection;
a proxy in front that framed it by ``Content-Length`` would read the rest as
another request (request smuggling). Such a request, and an HTTP/1.0 one with
``Transfer-Encoding`` (which HTTP/1.0 framing ignores), is answered 400 and
the connection closed, with anything sent after it unanswered (RFC 9112
section 6.1).
"""

import logging
import time
from typing import Any

from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser, ParsingError

from diundash.server.keep_alive import KeepAliveTask

log = logging.getLogger("diundash.channel")  # its name before server/: filters keep working
SEND_PIECE = 256 * 1024


class RequestParser(HTTPRequestParser):  # type: ignore[misc]  # waitress has no types
    """waitress's request parser, refusing a request whose length is ambiguous;
    a refusal is a 400 after which waitress closes the connection."""

    def parse_header(self, header_plus: bytes) -> None:
        super().parse_header(header_plus)
        # waitress has taken Transfer-Encoding out of an HTTP/1.1 request's
        # headers (chunked tells that it was there); it leaves it in others.
        if "TRANSFER_ENCODING" in self.headers:
            raise ParsingError(f"Transfer-Encoding is not allowed in HTTP/{self.version}")
        if "CONTENT_LENGTH" in self.headers and (
            self.chunked or b"\ntransfer-encoding:" in header_plus.lower()
        ):
            raise ParsingError("Content-Length and Transfer-Encoding may not come together")


class Channel(HTTPChannel):  # type: ignore[misc]  # waitress has no types
    """waitress's HTTP channel, closed when a request's headers take longer
    than ``channel_timeout`` to arrive, sending in pieces of ``SEND_PIECE``,
    parsing with ``RequestParser``, keeping the connection after a ``204``
    or ``304`` (``KeepAliveTask``)."""

    parser_class = RequestParser
    task_class = KeepAliveTask
    headers_started = 0.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sendbuf_len: int = min(self.sendbuf_len, SEND_PIECE)

    def received(self, data: bytes) -> bool:
        receiving = self.request
        result: bool = super().received(data)
        if self.request is not None and self.request is not receiving:
            self.headers_started = time.monotonic()  # a new request began in this data
        return result

    def readable(self) -> bool:
        # The event loop asks every channel this before each poll (at least
        # every POLL_SECONDS in diundash.server.run), so the deadline is checked
        # there, on the loop's thread, like everything else about the channel.
        if self._headers_overdue():
            log.info(
                "closing %s: its request headers took over %ss", self.addr, self.adj.channel_timeout
            )
            self.will_close = True
        readable: bool = super().readable()
        return readable

    def writable(self) -> bool:
        if self.total_outbufs_len and self.requests and not self._closing():
            # A worker is answering: if it holds the lock, it is sending.
            if not self.outbuf_lock.acquire(False):
                return False
            self.outbuf_lock.release()
        writable: bool = super().writable()
        return writable

    def _closing(self) -> bool:
        return bool(self.will_close or self.close_when_flushed)

    def _headers_overdue(self) -> bool:
        return (
            self.request is not None
            and not self.request.headers_finished
            and not self.requests
            and not self.will_close
            and time.monotonic() - self.headers_started > self.adj.channel_timeout
        )
