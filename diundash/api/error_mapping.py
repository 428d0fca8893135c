"""Domain errors mapped to HTTP once, for every resource."""

from typing import Any

import falcon

from diundash.errors import CommandRejected, DuplicateTagName, UnknownImage, UnknownTag

STATUS_OF: dict[type[CommandRejected], str] = {
    UnknownImage: falcon.HTTP_404,
    UnknownTag: falcon.HTTP_404,
    DuplicateTagName: falcon.HTTP_409,
}


def command_rejected(
    req: falcon.Request, resp: falcon.Response, error: CommandRejected, params: dict[str, Any]
) -> None:
    """Answer a refused command with its status and message."""
    raise falcon.HTTPError(STATUS_OF.get(type(error), falcon.HTTP_400), description=str(error))
