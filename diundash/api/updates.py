"""``/api/updates``: the tracked images, dismissing one, dismissing many."""

from typing import Any

import falcon

from diundash.api.body import check_no_control_characters, read_json_object, tag_id_from
from diundash.api.context import audit_of
from diundash.commands import Commands
from diundash.projections.queries import Queries
from diundash.projections.time_travel import InvalidAsOf


class UpdatesResource:
    """``GET /api/updates``: every image's update, keyed by image.

    The ETag is the log position the read tables reflect, so a poller that
    sends ``If-None-Match`` gets a body-less 304 until something changes.
    With ``as_of`` (an RFC 3339 time or a log position) it answers with the
    updates as they stood then, folded from the log.
    """

    def __init__(self, queries: Queries) -> None:
        self.queries = queries

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        as_of = req.get_param("as_of")
        if as_of is not None:
            try:
                position, updates = self.queries.updates_as_of(as_of)
            except InvalidAsOf as error:
                raise falcon.HTTPBadRequest(description=str(error)) from None
            resp.set_header("X-As-Of-Position", str(position))
            resp.media = updates
            return
        resp.cache_control = ["no-cache"]
        # If-None-Match uses the weak comparison: W/"x" matches "x". The
        # position is one cheap read, so an unchanged poll builds no body.
        current = _etag(self.queries.projected_position())
        if any(tag in ("*", current) for tag in req.if_none_match or ()):
            resp.etag, resp.status = current, falcon.HTTP_304
            return
        position, updates = self.queries.updates()
        resp.etag = _etag(position)
        resp.media = updates


def _etag(position: int) -> str:
    return f"log-{position}"


class UpdateResource:
    """``PATCH /api/updates/{image}``: acknowledge one image's update."""

    def __init__(self, commands: Commands) -> None:
        self.commands = commands

    def on_patch(self, req: falcon.Request, resp: falcon.Response, image: str) -> None:
        if not image.strip():
            raise falcon.HTTPBadRequest(description="the image in the URL must not be empty")
        check_no_control_characters(image, "the image in the URL")
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
