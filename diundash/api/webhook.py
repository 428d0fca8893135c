"""``POST /webhook`` (and ``GET`` with a body): DIUN's notifications."""

from collections.abc import Callable

import falcon

from diundash.api.audit import audit_of
from diundash.api.body import read_json_object
from diundash.commands import Commands
from diundash.input_rules import check_diun_body


def has_body(req: falcon.Request) -> bool:
    """Whether the request carries a body: a length above 0, or chunks."""
    if req.content_length:
        return True
    return "chunked" in (req.get_header("Transfer-Encoding") or "").lower()


class WebhookResource:
    """Receives DIUN's webhook; ``check_secret`` refuses it without the
    shared secret (``api/webhook_secret.py``)."""

    def __init__(self, commands: Commands, check_secret: Callable[[falcon.Request], None]) -> None:
        self.commands = commands
        self.check_secret = check_secret

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        self.check_secret(req)
        body = read_json_object(req)
        check_diun_body(body)
        self.commands.record_webhook(body, audit_of(req, "webhook"))
        resp.status = falcon.HTTP_200

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Since 4.32 DIUN sends its webhook with the ``method`` of its
        configuration, ``GET`` by default, body and all: a GET with a body
        is a webhook like a POST. Without one it is a browser or a probe."""
        if has_body(req) and "head" not in req.context:
            req.context.webhook = True
            self.on_post(req, resp)
            return
        raise falcon.HTTPMethodNotAllowed(
            ["POST"],
            description="DIUN must POST to this URL: set `method: POST` "
            "in the webhook notifier of DIUN's configuration",
        )
