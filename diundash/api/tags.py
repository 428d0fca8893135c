"""``/api/tags``: listing, creating and deleting tags."""

import re

import falcon

from diundash.api.audit import audit_of
from diundash.api.body import read_json_object, tag_id_from
from diundash.commands import Commands
from diundash.errors import UnknownTag
from diundash.input_rules import MAX_ID, check_tag_name
from diundash.projections.queries import Queries

_INTEGER = re.compile(r"-?[0-9]+")


class TagsResource:
    """``GET /api/tags`` and ``POST /api/tags``."""

    def __init__(self, commands: Commands, queries: Queries) -> None:
        self.commands = commands
        self.queries = queries

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = self.queries.list_tags()

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        body = read_json_object(req)
        name = check_tag_name(body.get("name")).strip()
        resp.media = self.commands.create_tag(name, audit_of(req, "api"))
        resp.status = falcon.HTTP_201


class TagResource:
    """``DELETE /api/tags/{id}``."""

    def __init__(self, commands: Commands) -> None:
        self.commands = commands

    def on_delete(self, req: falcon.Request, resp: falcon.Response, tag_id: str) -> None:
        self.commands.delete_tag(parse_tag_id(tag_id), audit_of(req, "api"))
        resp.status = falcon.HTTP_204


def parse_tag_id(text: str) -> int:
    """A tag id from the URL: 400 when it is not written as an integer; any
    integer no tag has, however long, is an unknown tag (404), as in a body."""
    if not _INTEGER.fullmatch(text):
        raise falcon.HTTPBadRequest(description=f"the tag id must be an integer, got {text!r}")
    if len(text) > len(str(MAX_ID)):  # more digits than any id (and than int() reads)
        raise UnknownTag(text)
    return tag_id_from(int(text), "id")
