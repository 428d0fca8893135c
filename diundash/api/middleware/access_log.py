"""The access log: one logfmt line per request on the ``diundash.access``
logger, e.g. ``method=GET path=/api/updates status=200 duration_ms=1.2
request_id=3f2a...``. It logs at INFO, so ``LOG_LEVEL=WARNING`` or
``ACCESS_LOG=off`` silences it."""

import json
import logging
import re
import time
from collections.abc import Callable, Mapping

import falcon

log = logging.getLogger("diundash.access")

# Printable ASCII except space, '"', '=' and '\': such a value needs no quotes.
_BARE_VALUE = re.compile(r"[!#-<>-\[\]-~]+")


def logfmt(fields: Mapping[str, object]) -> str:
    """``key=value`` pairs; a value with spaces, quotes, ``=``, control or
    non-ASCII characters is JSON-quoted, so one request is always one line."""
    return " ".join(f"{key}={_logfmt_value(value)}" for key, value in fields.items())


def _logfmt_value(value: object) -> str:
    text = "" if value is None else str(value)
    return text if _BARE_VALUE.fullmatch(text) else json.dumps(text)


class AccessLogMiddleware:
    """Times each request and logs it when the response is ready. ``timer``
    is injectable (seconds, monotonic) so tests can pin the duration."""

    def __init__(self, timer: Callable[[], float] = time.perf_counter) -> None:
        self.timer = timer

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        req.context.access_started = self.timer()

    def process_response(
        self,
        req: falcon.Request,
        resp: falcon.Response,
        resource: object,
        req_succeeded: bool,
    ) -> None:
        if not log.isEnabledFor(logging.INFO):
            return
        started = req.context.get("access_started")
        duration_ms = (self.timer() - started) * 1000 if started is not None else 0.0
        line = logfmt(
            {
                "method": req.method,
                "path": req.path,
                "status": resp.status_code,
                "duration_ms": f"{duration_ms:.1f}",
                "request_id": req.context.get("request_id"),
            }
        )
        log.info(line)
