"""``HEAD`` wherever ``GET`` answers: the request is routed as a GET, and
falcon sends the GET's headers (Content-Length included) without its body,
and a file the GET opened is closed unread."""

import falcon


class HeadAsGet:
    """Routes ``HEAD`` to the ``GET`` responder; the method is put back
    before the response is sent, so no body goes out and logs say HEAD."""

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        if req.method == "HEAD":
            req.context.head = True
            req.method = "GET"

    def process_response(
        self, req: falcon.Request, resp: falcon.Response, resource: object, succeeded: bool
    ) -> None:
        if req.context.get("head"):
            req.method = "HEAD"
            close = getattr(resp.stream, "close", None)
            if close is not None:  # a static file: its length is set, it is not sent
                close()
                resp.stream = None
