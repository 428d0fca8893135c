"""Request-line fixes applied before routing: ``HEAD`` answered wherever
``GET`` is, and the webhook's URL accepted with a trailing slash."""

import falcon

# DIUN configurations written as ``http://diundash:8080/webhook/`` must not
# lose notifications; every other path keeps its one spelling.
PATH_ALIASES = {"/webhook/": "/webhook"}


class RequestLine:
    """Routes a path of ``PATH_ALIASES`` as the path it stands for, and runs
    the ``GET`` responder for ``HEAD``; falcon then sends the headers
    (``Content-Length`` included) without the body, as HTTP asks."""

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        req.path = PATH_ALIASES.get(req.path, req.path)
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
