"""``/api/tag-assignments``: putting an image under a tag, or taking it out."""

import falcon

from diundash.api.audit import audit_of
from diundash.api.body import read_json_object, required_text, tag_id_from
from diundash.commands import Commands
from diundash.input_rules import MAX_IMAGE_LENGTH


class AssignmentsResource:
    """``PUT`` assigns (one tag per image, so it reassigns); ``DELETE`` unassigns."""

    def __init__(self, commands: Commands) -> None:
        self.commands = commands

    def on_put(self, req: falcon.Request, resp: falcon.Response) -> None:
        body = read_json_object(req)
        image = required_text(body, "image", MAX_IMAGE_LENGTH)
        tag_id = tag_id_from(body.get("tag_id"))
        self.commands.assign(image, tag_id, audit_of(req, "api"))
        resp.status = falcon.HTTP_204

    def on_delete(self, req: falcon.Request, resp: falcon.Response) -> None:
        body = read_json_object(req)
        image = required_text(body, "image", MAX_IMAGE_LENGTH)
        self.commands.unassign(image, audit_of(req, "api"))
        resp.status = falcon.HTTP_204
