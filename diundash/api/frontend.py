"""Everything that is not the API: the built single-page app."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import falcon
from falcon.routing import StaticRoute

from diundash.api.compressed_assets import CompressedAssets

ASSETS_PREFIX = "/assets/"
PAGE_METHODS = ["GET", "HEAD"]
Responder = Callable[[falcon.Request, falcon.Response], None]
PLACEHOLDER_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>diundash</title></head>
<body><h1>diundash is running</h1>
<p>The web page has not been built yet. Build it with
<code>cd frontend &amp;&amp; npm ci &amp;&amp; npm run build</code>
(the README's start command does this), then reload.</p>
<p>The API answers at <a href="/api/updates">/api/updates</a>.</p></body></html>
"""


def api_not_found(req: falcon.Request, resp: falcon.Response, **_: str) -> None:
    """Unknown ``/api/...`` paths are a JSON 404, never the page."""
    raise falcon.HTTPNotFound(description=f"there is no API endpoint at {req.path}")


def placeholder_page(req: falcon.Request, resp: falcon.Response, **_: str) -> None:
    """Served for every page path while ``frontend/dist`` does not exist."""
    resp.content_type = falcon.MEDIA_HTML
    resp.text = PLACEHOLDER_PAGE


class PageCaching:
    """Vite names built assets by their content, so browsers may keep them
    for good; every other page response must be revalidated, so a new build
    shows at the next load."""

    def process_response(
        self, req: falcon.Request, resp: falcon.Response, resource: object, succeeded: bool
    ) -> None:
        if req.path.startswith(("/api/", "/webhook", "/healthz")) or resp.cache_control:
            return
        # A 304 updates what the browser keeps: it must say immutable too.
        if req.path.startswith(ASSETS_PREFIX) and resp.status_code in (200, 206, 304):
            resp.cache_control = ["public", "max-age=31536000", "immutable"]
        else:
            resp.cache_control = ["no-cache"]


class PageSink:
    """Every path no route claims is the page: ``GET`` and ``HEAD`` get it
    (the SPA routes the path itself), any other method a 405, so a request
    sent to the wrong path or with the wrong method never looks like success."""

    def __init__(self, page: Responder, assets: Responder | None = None) -> None:
        self.page, self.assets = page, assets

    def __call__(self, req: falcon.Request, resp: falcon.Response, **_: str) -> None:
        if req.method not in PAGE_METHODS:
            raise falcon.HTTPMethodNotAllowed(
                PAGE_METHODS,
                description=f"{req.path} is a page of the dashboard: it answers GET and "
                "HEAD only (DIUN posts to /webhook, the API is under /api/)",
            )
        if self.assets is not None and req.path.startswith(ASSETS_PREFIX):
            self.assets(req, resp)
        else:
            self.page(req, resp)


def add_frontend(app: falcon.App[Any, Any], dist: Path) -> None:
    """Serve ``dist`` at ``/`` with ``index.html`` for unknown paths (the SPA
    routes them), or a placeholder page until the frontend is built. A
    missing file under ``/assets/`` is a 404, not the page."""
    if (dist / "index.html").is_file():
        page = StaticRoute("/", str(dist.resolve()), fallback_filename="index.html")
        assets = None
        if (dist / "assets").is_dir():
            static = StaticRoute(ASSETS_PREFIX, str((dist / "assets").resolve()))
            assets = CompressedAssets(static)
        app.add_sink(PageSink(page, assets), prefix="/")
        app.add_middleware(PageCaching())
    else:
        app.add_sink(PageSink(placeholder_page), prefix="/")
    # Added last so it is consulted first: sinks go before static routes.
    app.add_sink(api_not_found, prefix=r"/api(/|$)")
