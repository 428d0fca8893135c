"""``POST /webhook``: DIUN's notifications."""

import hmac

import falcon

from diundash.api.body import read_json_object
from diundash.api.context import audit_of
from diundash.commands import Commands
from diundash.input_rules import MAX_IMAGE_LENGTH, check_diun_body

__all__ = ["MAX_IMAGE_LENGTH", "WebhookResource"]


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
