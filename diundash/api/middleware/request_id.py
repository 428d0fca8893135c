"""A request id for every request, echoed in the response and kept in the
audit of what the request appends (``api/audit.py``)."""

import itertools
import re
import uuid

import falcon

REQUEST_ID_HEADER = "X-Request-ID"
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# New ids: random per process (so instances differ), then counted: unique,
# and cheaper than a uuid4 per request.
_ID_PREFIX = uuid.uuid4().hex[:16]
_ID_COUNTER = itertools.count(1)


class RequestIdMiddleware:
    """Gives each request an id (the caller's ``X-Request-ID`` when it is a
    plain token, else a new one) and echoes it in the response."""

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        given = req.get_header(REQUEST_ID_HEADER) or ""
        if _SAFE_REQUEST_ID.fullmatch(given):
            request_id = given
        else:
            request_id = f"{_ID_PREFIX}{next(_ID_COUNTER):016x}"
        req.context.request_id = request_id
        resp.set_header(REQUEST_ID_HEADER, request_id)
