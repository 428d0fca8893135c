"""``/api/updates``: the tracked images, dismissing one, dismissing many."""

from typing import Any

import falcon
from peewee import SqliteDatabase

from diundash.api.body import read_json_object, tag_id_from
from diundash.api.context import audit_of
from diundash.commands import Commands
from diundash.projections.queries import updates_by_image


class UpdatesResource:
    """``GET /api/updates``: every image's update, keyed by image.

    The ETag is the log position the read tables reflect, so a poller that
    sends ``If-None-Match`` gets a body-less 304 until something changes.
    """

    def __init__(self, db: SqliteDatabase) -> None:
        self.db = db

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        position, updates = updates_by_image(self.db)
        etag = f"log-{position}"
        resp.etag = etag
        resp.cache_control = ["no-cache"]
        # If-None-Match uses the weak comparison: W/"x" matches "x".
        if any(tag in ("*", etag) for tag in req.if_none_match or ()):
            resp.status = falcon.HTTP_304
            return
        resp.media = updates


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
