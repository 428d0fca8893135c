"""``POST /webhook``: DIUN's notifications."""

import hmac
from typing import Any

import falcon

from diundash.api.body import read_json_object, required_text
from diundash.api.context import audit_of
from diundash.clock import parse_rfc3339
from diundash.commands import Commands
from diundash.diun import TEXT_FIELDS

MAX_IMAGE_LENGTH = 1024


class WebhookResource:
    """Receives DIUN's webhook; checks the shared secret when one is set."""

    def __init__(self, commands: Commands, secret: str) -> None:
        self.commands = commands
        self.secret = secret.encode()

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        if self.secret and not hmac.compare_digest(
            (req.get_header("Authorization") or "").encode(), self.secret
        ):
            raise falcon.HTTPUnauthorized(
                description="missing or wrong Authorization header: it must equal WEBHOOK_SECRET"
            )
        body = read_json_object(req)
        check_diun_body(body)
        self.commands.record_webhook(body, audit_of(req, "webhook"))
        resp.status = falcon.HTTP_200

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        raise falcon.HTTPMethodNotAllowed(
            ["POST"],
            description="DIUN must POST to this URL: set `method: POST` "
            "in the webhook notifier of DIUN's configuration",
        )


def check_diun_body(body: dict[str, Any]) -> None:
    """Refuse a body whose known fields have the wrong type; unknown fields pass."""
    required_text(body, "image", MAX_IMAGE_LENGTH)
    for key in TEXT_FIELDS:
        if not isinstance(body.get(key, ""), str | None):
            raise falcon.HTTPBadRequest(description=f"{key!r} must be a string or null")
    created = body.get("created")
    if created not in (None, "") and not (
        isinstance(created, str) and parse_rfc3339(created) is not None
    ):
        raise falcon.HTTPBadRequest(description="'created' must be an RFC 3339 time or null")
    if not isinstance(body.get("metadata"), dict | None):
        raise falcon.HTTPBadRequest(description="'metadata' must be an object or null")
