"""Everything that is not the API: the built single-page app."""

from pathlib import Path
from typing import Any

import falcon

ASSETS_PREFIX = "/assets/"
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
        if req.path.startswith(ASSETS_PREFIX) and resp.status_code == 200:
            resp.cache_control = ["public", "max-age=31536000", "immutable"]
        else:
            resp.cache_control = ["no-cache"]


def add_frontend(app: falcon.App[Any, Any], dist: Path) -> None:
    """Serve ``dist`` at ``/`` with ``index.html`` for unknown paths (the SPA
    routes them), or a placeholder page until the frontend is built. A
    missing file under ``/assets/`` is a 404, not the page."""
    if (dist / "index.html").is_file():
        app.add_static_route("/", str(dist.resolve()), fallback_filename="index.html")
        if (dist / "assets").is_dir():
            # Added last so it is consulted first, without the fallback.
            app.add_static_route(ASSETS_PREFIX, str((dist / "assets").resolve()))
        app.add_middleware(PageCaching())
    else:
        app.add_sink(placeholder_page, prefix="/")
    # Added last so it is consulted first: sinks go before static routes.
    app.add_sink(api_not_found, prefix=r"/api(/|$)")
