"""Running the app under waitress, with a clean stop on SIGTERM and Ctrl-C."""

import logging
import signal
from types import FrameType

import waitress

from diundash.app import create_app
from diundash.config import MAX_BODY_BYTES, Settings

log = logging.getLogger("diundash")


def _stop(signum: int, frame: FrameType | None) -> None:
    # waitress's loop treats SystemExit as "stop": it lets running requests
    # finish (each is one transaction, so nothing is ever half-written).
    raise SystemExit(0)


def serve(settings: Settings) -> None:
    """Serve diundash until SIGTERM or Ctrl-C."""
    if not settings.webhook_secret:
        log.warning(
            "WEBHOOK_SECRET is empty: anyone who can reach /webhook can post updates. "
            "Set it, and send the same value in DIUN's Authorization header."
        )
    app = create_app(settings)
    server = waitress.create_server(
        app,
        host=settings.host,
        port=settings.port,
        threads=settings.threads,
        max_request_body_size=MAX_BODY_BYTES,
        ident="diundash",
    )
    signal.signal(signal.SIGTERM, _stop)
    log.info(
        "diundash listening on http://%s:%s (database %s)",
        settings.host,
        server.effective_port,
        settings.db_path,
    )
    try:
        server.run()
    except KeyboardInterrupt:
        server.task_dispatcher.shutdown()
    finally:
        server.close()
    log.info("diundash stopped")
