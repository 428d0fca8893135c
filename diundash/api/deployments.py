"""``POST /api/deployments`` and ``POST /api/update-requests``: closing the
loop on an update, by reporting it deployed or by asking the host's update
hook (``UPDATE_HOOKS``) to deploy it."""

from typing import Any

import falcon

from diundash.api.audit import audit_of
from diundash.api.body import read_json_object
from diundash.commands import Commands
from diundash.config.hooks import HookSettings
from diundash.errors import UnknownImage
from diundash.input_rules import MAX_DIGEST_LENGTH, check_host_name, check_image, required_text
from diundash.projections.queries import Queries
from diundash.update_hooks import HookCaller


def _image_and_host(body: dict[str, Any]) -> tuple[str, str]:
    image = check_image(body.get("image"))
    host = body.get("host")
    if not isinstance(host, str):
        raise falcon.HTTPBadRequest(description="'host' is required: a host name ('' for none)")
    return image, check_host_name(host, "'host'")


class DeploymentsResource:
    """``POST /api/deployments`` with ``{"image", "host", "digest"?}``: the
    update of that image on that host is deployed (what a deploy script, a
    CI job or a post-update hook reports). A ``digest`` must be the one
    pending there (409 otherwise); a second report changes nothing."""

    def __init__(self, commands: Commands) -> None:
        self.commands = commands

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        body = read_json_object(req)
        image, host = _image_and_host(body)
        digest = body.get("digest")
        if digest is not None:
            digest = required_text(digest, "'digest'", MAX_DIGEST_LENGTH)
        deployment = self.commands.deployed(image, host, digest, audit_of(req, "api"))
        resp.media = {
            "image": deployment.image,
            "host": deployment.host,
            "digest": deployment.digest,
            "deployed_at": deployment.deployed_at,
        }


class UpdateRequestsResource:
    """``POST /api/update-requests`` with ``{"image", "host"}``: the server
    calls that host's update hook, records the call (``UpdateRequested``)
    and answers 202 with its outcome, or 502 with what the hook answered.
    No lock is held while the hook works."""

    def __init__(
        self, commands: Commands, queries: Queries, hooks: HookSettings, caller: HookCaller
    ) -> None:
        self.commands, self.queries = commands, queries
        self.hooks, self.caller = hooks, caller

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        image, host = _image_and_host(read_json_object(req))
        hook = self.hooks.hook_for(host)
        if hook is None:
            raise falcon.HTTPNotFound(
                description=f"no update hook is configured for host {host!r} (UPDATE_HOOKS)"
            )
        if self.queries.host_entry(image, host) is None:
            raise UnknownImage(image, host)
        answer = self.caller.call(hook, image, host)
        requested_at = self.commands.update_requested(
            image, host, answer.status, answer.outcome, audit_of(req, "api")
        )
        if not answer.accepted:
            detail = f": {answer.detail}" if answer.detail else ""
            raise falcon.HTTPBadGateway(description=f"{answer.outcome}{detail}")
        resp.status = falcon.HTTP_202
        resp.media = {
            "image": image,
            "host": host,
            "requested_at": requested_at,
            "hook_status": answer.status,
            "outcome": answer.outcome,
        }
