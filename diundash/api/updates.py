"""``/api/updates``: the tracked images; dismissing and forgetting one, or many."""

import io
from typing import Any

import falcon

from diundash.api.audit import audit_of
from diundash.api.body import (
    host_param,
    optional_host,
    optional_until,
    read_json_object,
    tag_id_from,
)
from diundash.api.rendered_updates import RenderedUpdates, accepts_gzip
from diundash.commands import Commands
from diundash.input_rules import check_no_control_characters
from diundash.projections.queries import Queries
from diundash.projections.time_travel import AsOfPastTheEnd, InvalidAsOf


class UpdatesResource:
    """``GET /api/updates``: every image's entry, keyed by image; with
    ``host``, only the images that host reported (each entry whole).

    The ETag is the state of the read tables (log position and generation),
    so a poller that sends ``If-None-Match`` gets a body-less 304 until
    something changes. With ``as_of`` (an RFC 3339 time or a log position) it
    answers with the entries as they stood then, folded from the log.
    """

    def __init__(self, queries: Queries) -> None:
        self.queries = queries
        self.rendered = RenderedUpdates(queries)

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        host = host_param(req)
        as_of = req.get_param("as_of")
        if as_of is not None:
            try:
                position, updates = self.queries.updates_as_of(as_of, host)
            except InvalidAsOf as error:
                raise falcon.HTTPBadRequest(description=str(error)) from None
            except AsOfPastTheEnd as error:
                raise falcon.HTTPNotFound(description=str(error)) from None
            resp.set_header("X-As-Of-Position", str(position))
            resp.content_type = falcon.MEDIA_JSON
            resp.set_stream(io.BytesIO(updates), len(updates))
            return
        resp.set_header("Cache-Control", "no-cache")
        resp.set_header("Vary", "Accept-Encoding")
        # If-None-Match uses the weak comparison: W/"x" matches "x". The
        # state comes from memory between commits, so an unchanged poll
        # builds no body and reads nothing.
        current = self.queries.read_state()
        if etag_matches(req, current.etag):
            resp.set_header("ETag", current.quoted_etag)
            resp.status = falcon.HTTP_304
            return
        state, rendered = self.rendered.get(host, current)
        resp.etag = state.etag
        resp.content_type = falcon.MEDIA_JSON
        body = rendered.json
        if accepts_gzip(req.get_header("Accept-Encoding")):
            resp.set_header("Content-Encoding", "gzip")
            body = rendered.gzipped
        # A stream over the cached bytes (BytesIO shares them, it does not
        # copy): waitress sends it as it goes, where ``resp.data`` would be
        # copied into each response's buffer, a copy per poll in flight.
        resp.set_stream(io.BytesIO(body), len(body))


def etag_matches(req: falcon.Request, etag: str) -> bool:
    """Whether ``If-None-Match`` names ``etag`` (weakly) or ``*``. A poller
    sends back the one tag it was given: that is compared as text, anything
    else parsed as a list of tags."""
    if req.get_header("If-None-Match") in (f'"{etag}"', f'W/"{etag}"'):
        return True
    return any(tag in ("*", etag) for tag in req.if_none_match or ())


class UpdateResource:
    """``PATCH /api/updates/{image}`` acknowledges one image's update and
    ``DELETE`` forgets it: on every host, or on ``?host=`` alone. PATCH
    without a body (as DiunDashboard's clients send it) or without
    ``until`` dismisses; ``{"until": "<RFC 3339>"}`` snoozes until then."""

    def __init__(self, commands: Commands) -> None:
        self.commands = commands

    def on_patch(self, req: falcon.Request, resp: falcon.Response, image: str) -> None:
        image, host = _image(image), host_param(req)
        until = optional_until(read_json_object(req, optional=True))
        self.commands.dismiss(image, audit_of(req, "api"), host, until)
        resp.status = falcon.HTTP_204

    def on_delete(self, req: falcon.Request, resp: falcon.Response, image: str) -> None:
        self.commands.forget(_image(image), audit_of(req, "api"), host_param(req))
        resp.status = falcon.HTTP_204


def _image(image: str) -> str:
    if not image.strip():
        raise falcon.HTTPBadRequest(description="the image in the URL must not be empty")
    check_no_control_characters(image, "the image in the URL")
    return image


class DismissalsResource:
    """``POST /api/dismissals``: acknowledge many updates in one transaction.

    Body: ``{"images": [...]}`` (those that are pending), ``{"tag_id": n}``
    (every pending image under that tag) or ``{}`` (every pending image);
    ``"host"`` narrows any of them to that host, and ``"until"`` snoozes
    them until then instead of dismissing them.
    """

    def __init__(self, commands: Commands) -> None:
        self.commands = commands

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        body = read_json_object(req)
        images = _optional_images(body)
        tag_id = None if body.get("tag_id") is None else tag_id_from(body["tag_id"])
        host, until = optional_host(body), optional_until(body)
        dismissed = self.commands.dismiss_many(images, tag_id, audit_of(req, "api"), host, until)
        resp.media = {"dismissed": dismissed}


def _optional_images(body: dict[str, Any]) -> list[str] | None:
    images = body.get("images")
    if images is None:
        return None
    if not isinstance(images, list) or not all(isinstance(image, str) for image in images):
        raise falcon.HTTPBadRequest(description="'images' must be an array of strings")
    return images
