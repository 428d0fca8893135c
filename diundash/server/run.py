"""Running the app under waitress, with a graceful stop on SIGTERM and Ctrl-C.

waitress stops abruptly on its own: queued requests are cancelled and a
request whose body is still arriving is dropped. diundash instead stops
accepting connections, lets every request already begun finish and get its
answer (up to ``DRAIN_SECONDS``, under Docker's default 10 s stop timeout;
a second signal stops at once), then exits. This reaches into waitress 3's
channel state (``request``, ``requests``, ``total_outbufs_len``), which is why
setup.cfg pins waitress below 4.
"""

import logging
import signal
import threading
import time
from types import FrameType
from typing import Any

import waitress

from diundash.app import create_service
from diundash.config import MAX_BODY_BYTES, Settings
from diundash.server.allocator import limit_malloc_arenas
from diundash.server.channel import Channel
from diundash.server.connection_limits import usable_connection_limit
from diundash.server.queue_warnings import hold_back_queue_warnings
from diundash.storage import describe_database

log = logging.getLogger("diundash")
DRAIN_SECONDS = 8.0
POLL_SECONDS = 0.2
CLEANUP_INTERVAL_S = 5
WAITRESS_BODY_LIMIT = 4 * MAX_BODY_BYTES


def serve(settings: Settings) -> None:
    """Serve diundash until SIGTERM or Ctrl-C, then drain and stop."""
    if not settings.webhook_secret:
        log.warning(
            "WEBHOOK_SECRET is empty: anyone who can reach /webhook can post updates. "
            "Set it, and send the same value in DIUN's Authorization header."
        )
    limit_malloc_arenas()  # before waitress starts its threads
    queue_warnings = hold_back_queue_warnings()
    service = create_service(settings)
    server = waitress.create_server(
        service.app,
        host=settings.host,
        port=settings.port,
        threads=settings.threads,
        # The app holds bodies to MAX_BODY_BYTES (JSON 413), counting the
        # body alone. waitress reads (buffers) up to this much first, so a
        # chunked body's framing does not count against the limit, and a
        # client sending a body a few times too large gets the 413 once it
        # has sent it, rather than a reset; past it, waitress answers a
        # plain-text 413 on the headers alone.
        max_request_body_size=WAITRESS_BODY_LIMIT,
        ident="diundash",
        # Idle and slow connections must not lock DIUN out: hold thousands
        # (poll(), since select() stops at 1024 descriptors) and drop the idle
        # ones after CHANNEL_TIMEOUT, checked every CLEANUP_INTERVAL_S.
        connection_limit=usable_connection_limit(settings.connection_limit),
        channel_timeout=settings.channel_timeout,
        cleanup_interval=max(1, min(CLEANUP_INTERVAL_S, settings.channel_timeout)),
        asyncore_use_poll=True,
        # X-Forwarded-* reach the app, which believes them from TRUSTED_PROXIES
        # only (waitress would drop them, its own trusted_proxy being unset).
        clear_untrusted_proxy_headers=False,
    )
    # A client trickling its headers is activity, never idle: held to a
    # deadline too; bodies go out in bounded pieces.
    server.channel_class = Channel
    stopping, hurry = threading.Event(), threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        if stopping.is_set():
            log.warning("%s received again: stopping now", signal.Signals(signum).name)
            hurry.set()
        else:
            log.info("%s received: finishing requests in flight", signal.Signals(signum).name)
            stopping.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    log.info(
        "listening on http://%s:%s (database %s)",
        settings.host,
        server.effective_port,
        describe_database(settings.database),
    )
    service.jobs.start()
    while not stopping.is_set():
        _poll(server)
        queue_warnings.report_held()
    _drain(server, hurry)
    queue_warnings.report_held(final=True)
    service.jobs.stop()
    log.info("stopped")


def _poll(server: Any) -> None:
    server.asyncore.loop(
        timeout=POLL_SECONDS, use_poll=server.adj.asyncore_use_poll, map=server._map, count=1
    )


def _busy_channels(server: Any) -> list[Any]:
    """Connections in the middle of a request: receiving it, waiting for or
    running in a worker, or still sending the answer."""
    return [
        channel
        for channel in list(server.active_channels.values())
        if channel.request is not None or channel.requests or channel.total_outbufs_len
    ]


def _drain(server: Any, hurry: threading.Event) -> None:
    server.del_channel()  # stop accepting: the listening socket leaves the loop
    server.socket.close()
    deadline = time.monotonic() + DRAIN_SECONDS
    while _busy_channels(server) and time.monotonic() < deadline and not hurry.is_set():
        _poll(server)
    left = len(_busy_channels(server))
    if left:
        log.warning("stopping with %d request(s) unfinished after %ss", left, DRAIN_SECONDS)
    server.task_dispatcher.shutdown()
    server.asyncore.close_all(server._map)
