"""The ceiling diundash is measured against: a bare falcon app under waitress,
with the same threads, that parses a webhook's JSON and answers 200, and
serves a fixed list body from memory with an ETag and its 304.

    python -m benchmarks.bare_app PORT LIST_BODY_FILE
"""

import sys

import falcon
import orjson
import waitress

ETAG = "bare-1"  # falcon quotes it


class Webhook:
    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        orjson.loads(req.bounded_stream.read())
        resp.status = falcon.HTTP_200


class List:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        if req.if_none_match and ETAG in req.if_none_match:
            resp.status = falcon.HTTP_304
            return
        resp.etag = ETAG
        resp.content_type = falcon.MEDIA_JSON
        resp.data = self.body


def main() -> None:
    port, body_file = int(sys.argv[1]), sys.argv[2]
    app = falcon.App()
    app.add_route("/webhook", Webhook())
    with open(body_file, "rb") as body:
        app.add_route("/api/updates", List(body.read()))
    waitress.serve(app, host="127.0.0.1", port=port, threads=8, ident="bare", _quiet=True)


if __name__ == "__main__":
    main()
