"""The ceiling diundash is measured against: a bare falcon app under waitress,
with the same threads, that parses a webhook's JSON and answers 200, and
serves a fixed list body from memory with an ETag and its 304.

It serves its list the way diundash does, so the list's figures compare the
work around the body and not how waitress is fed: as a stream over the bytes
(``resp.data`` is copied into waitress's buffer, then into a temporary file,
for each response) sent in pieces of at most 256 KiB (waitress reads pieces
as large as the socket's send buffer, 4 MiB on loopback, a copy each). And
it keeps the connection after its 304 as diundash does
(``diundash.server.keep_alive``; waitress alone closes it), so the 304's
figure compares the work of answering, not a new connection each time.

    python -m benchmarks.bare_app PORT LIST_BODY_FILE
"""

import io
import sys
from typing import Any

import falcon
import orjson
import waitress
from waitress.channel import HTTPChannel

from diundash.server.keep_alive import KeepAliveTask

ETAG = "bare-1"  # falcon quotes it
SEND_PIECE = 256 * 1024  # as diundash.server.channel's


class BoundedSendChannel(HTTPChannel):  # type: ignore[misc]
    task_class = KeepAliveTask

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sendbuf_len: int = min(self.sendbuf_len, SEND_PIECE)


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
        resp.set_stream(io.BytesIO(self.body), len(self.body))


def main() -> None:
    port, body_file = int(sys.argv[1]), sys.argv[2]
    app = falcon.App()
    app.add_route("/webhook", Webhook())
    with open(body_file, "rb") as body:
        app.add_route("/api/updates", List(body.read()))
    server = waitress.create_server(app, host="127.0.0.1", port=port, threads=8, ident="bare")
    server.channel_class = BoundedSendChannel
    server.run()


if __name__ == "__main__":
    main()
