"""Reading and checking JSON request bodies, whatever Content-Type says
(DIUN sends none unless configured). Every failure is a 4xx with a message."""

import re
from collections.abc import Mapping
from typing import Any

import falcon
import orjson

from diundash.config import MAX_BODY_BYTES
from diundash.errors import UnknownTag

MAX_DEPTH = 32
MAX_ID = 2**63 - 1
# Control characters cannot be part of an image reference or a tag name (and
# PostgreSQL cannot store NUL in text at all).
CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")


def read_json_object(req: falcon.Request) -> dict[str, Any]:
    """The request body as a JSON object, or a 400/413 saying what is wrong."""
    if req.content_length is not None and req.content_length > MAX_BODY_BYTES:
        raise _too_large()
    raw = req.bounded_stream.read(MAX_BODY_BYTES + 1)
    if len(raw) > MAX_BODY_BYTES:
        raise _too_large()
    if not raw.strip():
        raise falcon.HTTPBadRequest(description="the request body is empty: send a JSON object")
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise falcon.HTTPBadRequest(description=f"the body is not valid JSON: {error}") from None
    if not isinstance(value, dict):
        kind = type(value).__name__.replace("dict", "object").replace("list", "array")
        raise falcon.HTTPBadRequest(description=f"the body must be a JSON object, not {kind}")
    # Counting brackets is quick; walking the value is needed only when there
    # are enough of them to nest that deep (DIUN's bodies have two).
    if raw.count(b"{") + raw.count(b"[") > MAX_DEPTH and _depth(value) > MAX_DEPTH:
        raise falcon.HTTPBadRequest(description=f"the JSON is nested deeper than {MAX_DEPTH}")
    return value


def _too_large() -> falcon.HTTPError:
    return falcon.HTTPContentTooLarge(
        description=f"the body is larger than {MAX_BODY_BYTES} bytes (1 MiB)"
    )


def _depth(value: Any) -> int:
    """How deeply ``value`` nests arrays and objects (iterative: no recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in item)
    return deepest


def required_text(body: Mapping[str, Any], key: str, max_length: int) -> str:
    """``body[key]`` as a non-blank string of at most ``max_length`` characters."""
    value = body.get(key)
    if value is None:
        raise falcon.HTTPBadRequest(description=f"{key!r} is required")
    if not isinstance(value, str):
        raise falcon.HTTPBadRequest(description=f"{key!r} must be a string")
    if not value.strip():
        raise falcon.HTTPBadRequest(description=f"{key!r} must not be empty")
    if len(value) > max_length:
        raise falcon.HTTPBadRequest(description=f"{key!r} is longer than {max_length} characters")
    check_no_control_characters(value, repr(key))
    return value


def check_no_control_characters(value: str, what: str) -> None:
    """400 when ``value`` (an image or a tag name) holds a control character."""
    found = CONTROL_CHARACTER.search(value)
    if found:
        raise falcon.HTTPBadRequest(
            description=f"{what} must not contain control characters "
            f"(found U+{ord(found.group()):04X} at index {found.start()})"
        )


MAX_HOST_LENGTH = 255


def check_host_name(value: str, what: str) -> str:
    """400 when ``value`` cannot be a host name DIUN reported: longer than
    ``MAX_HOST_LENGTH`` or holding a control character."""
    if len(value) > MAX_HOST_LENGTH:
        raise falcon.HTTPBadRequest(
            description=f"{what} is longer than {MAX_HOST_LENGTH} characters"
        )
    check_no_control_characters(value, what)
    return value


def host_param(req: falcon.Request) -> str | None:
    """``?host=NAME``: None when absent; an empty value is the host without a name."""
    host = req.get_param("host")
    return None if host is None else check_host_name(host, "'host'")


def optional_host(body: Mapping[str, Any]) -> str | None:
    """``body["host"]``: None when absent or null, else a host name."""
    host = body.get("host")
    if host is None:
        return None
    if not isinstance(host, str):
        raise falcon.HTTPBadRequest(description="'host' must be a string")
    return check_host_name(host, "'host'")


def tag_id_from(value: Any, key: str = "tag_id") -> int:
    """A tag id given as a JSON integer (booleans and floats are refused).

    An integer no row can have (below 1, or past SQLite's 64 bits) names an
    unknown tag, so it is a 404 like any other missing tag.
    """
    if value is None:
        raise falcon.HTTPBadRequest(description=f"{key!r} is required")
    if isinstance(value, bool) or not isinstance(value, int):
        raise falcon.HTTPBadRequest(description=f"{key!r} must be an integer")
    if not 1 <= value <= MAX_ID:
        raise UnknownTag(value)
    return value
