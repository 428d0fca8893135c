"""The request target, turned into the one path that every later step
(the host check, sign-in, cross-site, the router, the page) decides on.

- The target must be a path (origin-form, ``/…``), or an absolute URL
  (``http://host:port/…``) whose authority is the request's ``Host``: the
  same server. Anything else (``api/events``, ``*``, ``host:443``, an absolute
  URL naming another server) is a 400, never routed: falcon's router would
  find ``/api/events`` for ``api/events`` while sign-in, which decides on
  ``/api/``, let it through.
- Percent-encoding is decoded once, by the server, before anything looks at
  the path: ``/%61pi/x`` is ``/api/x`` for every step alike, and a ``%2F`` is
  a ``/`` (how image names travel in ``/api/updates/{image}``).
- A ``.`` or ``..`` segment (also when percent-encoded) is a 400: browsers
  and curl resolve them before sending, a proxy in front might resolve them
  differently, and no image name has one (Docker's references cannot).
- Slashes at the start are one (``//webhook`` is ``/webhook``, as waitress
  has always done); an empty segment further on is kept, and matches no route.
- ``/webhook/`` is ``/webhook``, and ``HEAD`` runs the ``GET`` responder.
"""

import falcon

# DIUN configurations written as ``http://diundash:8080/webhook/`` must not
# lose notifications; every other path keeps its one spelling.
PATH_ALIASES = {"/webhook/": "/webhook"}
ABSOLUTE_FORMS = ("http://", "https://")
DOT_SEGMENTS = frozenset((".", ".."))
SHOWN_TARGET = 120  # characters of a refused target quoted back


class RequestTarget:
    """Sets ``req.path`` from the request target or refuses the target (400
    JSON); see the module. It runs before every other decision."""

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        env = req.env
        # waitress's REQUEST_URI (gunicorn's and falcon's test client's
        # RAW_URI) is the target as sent; PATH_INFO, behind req.path, is its
        # decoded path, whatever form the target had.
        target = env.get("REQUEST_URI") or env.get("RAW_URI") or req.path
        if target[:1] != "/" and not _names_this_server(target, env.get("HTTP_HOST")):
            raise _bad_target(
                target,
                "the request target must be a path starting with / or an absolute "
                "URL naming this server (the Host header)",
            )
        path = req.path
        if path[:1] != "/":
            raise _bad_target(target, "the request target has no path starting with /")
        if path[:2] == "//":
            path = "/" + path.lstrip("/")
        if "/." in path and not DOT_SEGMENTS.isdisjoint(path.split("/")):
            raise _bad_target(
                target, "the path has a '.' or '..' segment: send it with them resolved"
            )
        req.path = PATH_ALIASES.get(path, path)
        if req.method == "HEAD":
            req.context.head = True
            req.method = "GET"

    def process_response(
        self, req: falcon.Request, resp: falcon.Response, resource: object, succeeded: bool
    ) -> None:
        if "head" in req.context:
            req.method = "HEAD"
            if resp.stream is not None and hasattr(resp.stream, "close"):
                resp.stream.close()  # a file (the page): its length is set already
                resp.stream = None


def _names_this_server(target: str, host: str | None) -> bool:
    """Whether ``target`` is an absolute URL whose authority is ``host``."""
    if not host or not target[:8].lower().startswith(ABSOLUTE_FORMS):
        return False
    authority = target.split("/", 3)[2].partition("?")[0].partition("#")[0]
    return authority.lower() == host.strip().lower()


def _bad_target(target: str, why: str) -> falcon.HTTPBadRequest:
    shown = target if len(target) <= SHOWN_TARGET else target[:SHOWN_TARGET] + "…"
    return falcon.HTTPBadRequest(title="Bad request target", description=f"{why}; got {shown!r}")
