"""Per-request audit context: a request id and where the request came from."""

import re
import uuid

import falcon

from diundash.events.types import Audit

REQUEST_ID_HEADER = "X-Request-ID"
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


class RequestIdMiddleware:
    """Gives each request an id (the caller's ``X-Request-ID`` when it is a
    plain token, else a new one) and echoes it in the response."""

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        given = req.get_header(REQUEST_ID_HEADER) or ""
        request_id = given if _SAFE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        req.context.request_id = request_id
        resp.set_header(REQUEST_ID_HEADER, request_id)


def audit_of(req: falcon.Request, source: str) -> Audit:
    """The audit metadata an event accepted from ``req`` carries."""
    identity = req.context.get("identity")
    return Audit(
        source=source,
        remote_addr=req.remote_addr,
        request_id=req.context.request_id,
        actor=identity.name if identity is not None else None,
    )
