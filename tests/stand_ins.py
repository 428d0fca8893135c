"""Real HTTP servers on loopback standing in for what diundash calls: a
host's update hook (``UPDATE_HOOKS``) and a DIUN serving its metrics
(``HEARTBEAT_URLS``), with DIUN's own metrics text (tests/fixtures/diun-metrics)."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.helpers import FIXTURES

METRICS_FIXTURES = FIXTURES / "diun-metrics"
# How long a held answer waits for ``release`` at most (a test that forgot
# to release it does not hang the server's shutdown).
HOLD_LIMIT_S = 60.0


def diun_metrics(last_run: float | None) -> str:
    """DIUN's metrics after a watch run that ended at ``last_run`` (Unix
    seconds), or before its first run when None."""
    if last_run is None:
        return (METRICS_FIXTURES / "before-the-first-run.txt").read_text()
    text = (METRICS_FIXTURES / "after-a-run.txt").read_text()
    old = "diun_watch_last_run_timestamp_seconds 2000\n"
    assert old in text
    return text.replace(old, f"diun_watch_last_run_timestamp_seconds {last_run:.0f}\n")


@dataclass(frozen=True)
class Received:
    """A request the stand-in received."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Reply:
    """What the stand-in answers next: a status, a body, and whether to
    hold the answer until ``release`` (a hook that takes its time)."""

    status: int = 200
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    hold: bool = False


class StandIn:
    """One HTTP server on 127.0.0.1 answering every request with ``reply``
    and recording each in ``received``."""

    def __init__(self) -> None:
        self.reply = Reply()
        self.received: list[Received] = []
        self.released = threading.Event()
        self.answered = threading.Event()  # set after each answer is written
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {name.lower(): value for name, value in self.headers.items()}
                stand_in.received.append(Received(self.command, self.path, headers, body))
                reply = stand_in.reply
                if reply.hold:
                    stand_in.released.wait(HOLD_LIMIT_S)
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(reply.body)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(reply.body)
                except OSError:
                    pass  # the caller gave up waiting and closed the connection
                stand_in.answered.set()

            do_GET = do_POST = do_PUT = do_PATCH = _handle

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def answer(self, status: int = 200, body: bytes | str = b"", **kwargs: Any) -> None:
        """Answer every request from now on with this."""
        data = body.encode() if isinstance(body, str) else body
        self.released.clear()
        self.reply = Reply(status, data, **kwargs)

    def serve_metrics(self, last_run: float | None) -> None:
        """Answer as DIUN's metrics server does (``diun_metrics``)."""
        self.answer(200, diun_metrics(last_run), content_type="text/plain; version=0.0.4")

    def release(self) -> None:
        """Let held answers go."""
        self.released.set()

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.release()
        self.server.shutdown()
        self.server.server_close()


@contextmanager
def stand_in() -> Iterator[StandIn]:
    """A running ``StandIn``, stopped at the end."""
    server = StandIn()
    server.start()
    try:
        yield server
    finally:
        server.stop()
