"""``/api/updates``: the tracked images, dismissing one, dismissing many."""

import re
from typing import Any

import falcon
from peewee import SqliteDatabase

from diundash.api.body import read_json_object, tag_id_from
from diundash.api.context import audit_of
from diundash.clock import format_utc, parse_rfc3339
from diundash.commands import Commands
from diundash.events.history import position_at
from diundash.events.store import last_position
from diundash.projections.queries import projected_position, updates_by_image
from diundash.projections.time_travel import updates_as_of


class UpdatesResource:
    """``GET /api/updates``: every image's update, keyed by image.

    The ETag is the log position the read tables reflect, so a poller that
    sends ``If-None-Match`` gets a body-less 304 until something changes.
    With ``as_of`` (an RFC 3339 time or a log position) it answers with the
    updates as they stood then, folded from the log.
    """

    def __init__(self, db: SqliteDatabase) -> None:
        self.db = db

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        as_of = req.get_param("as_of")
        if as_of is not None:
            position = as_of_position(self.db, as_of)
            resp.set_header("X-As-Of-Position", str(position))
            resp.media = updates_as_of(self.db, position)
            return
        resp.cache_control = ["no-cache"]
        # If-None-Match uses the weak comparison: W/"x" matches "x". The
        # position is one cheap read, so an unchanged poll builds no body.
        current = _etag(projected_position(self.db))
        if any(tag in ("*", current) for tag in req.if_none_match or ()):
            resp.etag, resp.status = current, falcon.HTTP_304
            return
        position, updates = updates_by_image(self.db)
        resp.etag = _etag(position)
        resp.media = updates


def _etag(position: int) -> str:
    return f"log-{position}"


_POSITION = re.compile(r"[0-9]{1,30}")


def as_of_position(db: SqliteDatabase, as_of: str) -> int:
    """The log position ``as_of`` names: a position, or the last event at or
    before an RFC 3339 time."""
    if _POSITION.fullmatch(as_of):
        position, last = int(as_of), last_position(db)
        if position > last:
            raise falcon.HTTPBadRequest(
                description=f"'as_of' position {position} is past the end of the log ({last})"
            )
        return position
    moment = parse_rfc3339(as_of)
    if moment is None:
        raise falcon.HTTPBadRequest(
            description="'as_of' must be a log position or an RFC 3339 time "
            "such as 2026-03-23T10:00:00Z"
        )
    return position_at(db, format_utc(moment))


class UpdateResource:
    """``PATCH /api/updates/{image}``: acknowledge one image's update."""

    def __init__(self, commands: Commands) -> None:
        self.commands = commands

    def on_patch(self, req: falcon.Request, resp: falcon.Response, image: str) -> None:
        if not image.strip():
            raise falcon.HTTPBadRequest(description="the image in the URL must not be empty")
        self.commands.dismiss(image, audit_of(req, "api"))
        resp.status = falcon.HTTP_204


class DismissalsResource:
    """``POST /api/dismissals``: acknowledge many updates in one transaction.

    Body: ``{"images": [...]}`` (those that are pending), ``{"tag_id": n}``
    (every pending image under that tag) or ``{}`` (every pending image).
    """

    def __init__(self, commands: Commands) -> None:
        self.commands = commands

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        body = read_json_object(req)
        images = _optional_images(body)
        tag_id = None if body.get("tag_id") is None else tag_id_from(body["tag_id"])
        dismissed = self.commands.dismiss_many(images, tag_id, audit_of(req, "api"))
        resp.media = {"dismissed": dismissed}


def _optional_images(body: dict[str, Any]) -> list[str] | None:
    images = body.get("images")
    if images is None:
        return None
    if not isinstance(images, list) or not all(isinstance(image, str) for image in images):
        raise falcon.HTTPBadRequest(description="'images' must be an array of strings")
    return images
