"""The body's declared size, checked before anything else reads the request."""

import falcon

from diundash.api.body import too_large
from diundash.config import MAX_BODY_BYTES


class BodyLimitMiddleware:
    """A declared ``Content-Length`` over the limit is a 413 before anything
    else is looked at (the secret included), as when waitress answered it."""

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        if req.content_length is not None and req.content_length > MAX_BODY_BYTES:
            raise too_large()
