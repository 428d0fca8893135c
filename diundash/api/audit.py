"""The audit an event accepted over HTTP carries: who sent it and how."""

import falcon

from diundash.events.types import Audit


def audit_of(req: falcon.Request, source: str) -> Audit:
    """The audit metadata an event accepted from ``req`` carries."""
    identity = req.context.get("identity")
    return Audit(
        source=source,
        remote_addr=req.remote_addr,
        request_id=req.context.request_id,
        actor=identity.name if identity is not None else None,
    )
