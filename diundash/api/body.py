"""Reading and checking JSON request bodies, whatever Content-Type says
(DIUN sends none unless configured). Every failure is a 4xx with a message."""

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import falcon
import orjson

from diundash import input_rules
from diundash.clock import parse_rfc3339
from diundash.config import MAX_BODY_BYTES
from diundash.errors import UnknownTag
from diundash.input_rules import MAX_ID, check_host_name

MAX_DEPTH = 32
# The integers orjson reads exactly; past them it gives a rounded float.
MIN_EXACT_INTEGER, MAX_EXACT_INTEGER = -(2**63), 2**64 - 1
# What a whole number past 64 bits must contain, however it is written: 19
# digits (2^63 has 19: a shorter run is always exact), or an exponent (1e30).
_MAYBE_HUGE_NUMBER = re.compile(rb"[0-9]{19}|[0-9][eE]")


def read_json_object(req: falcon.Request, optional: bool = False) -> dict[str, Any]:
    """The request body as a JSON object, or a 400/413 saying what is wrong;
    with ``optional``, no body (or only white space) is an empty object."""
    if req.content_length is not None and req.content_length > MAX_BODY_BYTES:
        raise too_large()
    raw = req.bounded_stream.read(MAX_BODY_BYTES + 1)
    if len(raw) > MAX_BODY_BYTES:
        raise too_large()
    if not raw.strip():
        if optional:
            return {}
        raise falcon.HTTPBadRequest(description="the request body is empty: send a JSON object")
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise falcon.HTTPBadRequest(description=f"the body is not valid JSON: {error}") from None
    if not isinstance(value, dict):
        kind = type(value).__name__.replace("dict", "object").replace("list", "array")
        raise falcon.HTTPBadRequest(description=f"the body must be a JSON object, not {kind}")
    # Walked only when it could matter: enough brackets to nest that deep, or
    # a number that could be a whole number past 64 bits. DIUN's bodies have
    # neither (bar a digest's "1e", now and then).
    if raw.count(b"{") + raw.count(b"[") > MAX_DEPTH or _MAYBE_HUGE_NUMBER.search(raw):
        depth, huge = _shape(value)
    else:
        depth, huge = 0, None
    if depth > MAX_DEPTH:
        raise falcon.HTTPBadRequest(description=f"the JSON is nested deeper than {MAX_DEPTH}")
    if huge is not None:
        raise falcon.HTTPBadRequest(
            description=f"the body holds the whole number {huge:.17g}, beyond 64 bits: diundash "
            "keeps numbers exactly, so send it as a string"
        )
    return value


def too_large() -> falcon.HTTPError:
    """The 413 a body over ``MAX_BODY_BYTES`` gets."""
    return falcon.HTTPContentTooLarge(
        description=f"the body is larger than {MAX_BODY_BYTES} bytes (1 MiB)"
    )


def _shape(value: Any) -> tuple[int, float | None]:
    """How deeply ``value`` nests arrays and objects, and a whole number in
    it past 64 bits, if any (iterative: no recursion).

    orjson reads an integer past 64 bits as a rounded float, so such a float
    may not be kept; one written 1e30 is refused alike, since JSON (and the
    OpenAPI document's JSON Schema) counts it the same whole number."""
    deepest, huge, stack = 0, None, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in item)
        elif isinstance(item, float) and item.is_integer() and not _exact(item):
            huge = item
    return deepest, huge


def _exact(number: float) -> bool:
    # Strictly above -2^63: orjson reads -2^63 - 1 as the float -2^63 (and
    # -2^63 itself as an integer, so only -2^63 written as a float is lost).
    return MIN_EXACT_INTEGER < number < MAX_EXACT_INTEGER + 1


def required_text(body: Mapping[str, Any], key: str, max_length: int) -> str:
    """``body[key]`` as a non-blank string of at most ``max_length`` characters
    (``InvalidInput``, a 400, otherwise)."""
    return input_rules.required_text(body.get(key), repr(key), max_length)


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


def optional_until(body: Mapping[str, Any]) -> datetime | None:
    """``body["until"]``: None when absent or null, else the RFC 3339 time
    it names (a snooze's end)."""
    until = body.get("until")
    if until is None:
        return None
    moment = parse_rfc3339(until) if isinstance(until, str) else None
    if moment is None:
        raise falcon.HTTPBadRequest(
            description="'until' must be an RFC 3339 time such as 2026-03-23T10:00:00Z"
        )
    return moment


def tag_id_from(value: Any, key: str = "tag_id") -> int:
    """A tag id given as a JSON integer: 7, or 7.0, which JSON Schema counts
    as the same integer (booleans and fractions are refused).

    An integer no row can have (below 1, or past SQLite's 64 bits) names an
    unknown tag, so it is a 404 like any other missing tag.
    """
    if value is None:
        raise falcon.HTTPBadRequest(description=f"{key!r} is required")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise falcon.HTTPBadRequest(description=f"{key!r} must be an integer")
    if not 1 <= value <= MAX_ID:
        raise UnknownTag(value)
    return value
