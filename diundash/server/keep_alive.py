"""waitress's WSGI task, keeping the connection after a ``204`` or ``304``.

waitress 3 keeps an HTTP/1.1 connection open only when a response says its
length (``Content-Length``) or is chunked; it leaves ``Content-Length`` out
of a 1xx, 204 or 304 (RFC 9110 forbids it there), and so closes the
connection after each of them. Yet a 204 or 304 ends at its headers
(RFC 9112 section 6.3): nothing is ambiguous about where the next one
begins. Every poll of an open page that finds the list unchanged is a
``304``: each cost a new connection (its handshake, its accept, a new
channel), and a client that honours keep-alive got ``Connection: close``.
"""

from waitress.task import WSGITask


class KeepAliveTask(WSGITask):  # type: ignore[misc]  # waitress has no types
    """waitress's WSGI task; an HTTP/1.1 ``204`` or ``304`` keeps the
    connection unless the client asked to close it (or something else
    closes it)."""

    _length_known = False

    def build_response_header(self) -> bytes:
        self._length_known = (
            self.status[:3] in ("204", "304")  # a 1xx is no final answer: it still closes
            and self.version == "1.1"
            and self.request.headers.get("CONNECTION", "").lower() != "close"
        )
        if self._length_known:
            # A length the app gave belongs to no body here: checked against
            # what it wrote, it would close the connection after the header
            # said it stays open.
            self.content_length = None
        try:
            header: bytes = super().build_response_header()
            return header
        finally:
            self._length_known = False

    def set_close_on_finish(self) -> None:
        # While its header is built, a 204 or 304 the client keeps alive is
        # closed only for want of a length: it needs none.
        if not self._length_known:
            super().set_close_on_finish()
