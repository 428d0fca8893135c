"""The export file's format: its header line and the checks each record
line passes before it is imported (its shape, its place in the log, the
input rules of its event).

One event per line, exactly as it was recorded (its own schema version):
``{"position": 1, "type": "UpdateReceived", "version": 2, "recorded_at":
"...Z", "data": {...}, "audit": {"source": "webhook", "remote_addr": "...",
"request_id": "...", "actor": null}, "hash": "..."}``. Positions run 1, 2,
3, ... without gaps.

Format version 2 starts with a header line, ``{"format": "diundash-log",
"version": 2}``, and each record carries its link in the log's hash chain
(``hash``). Version 1 exports (no header, no hashes, no ``actor``) import as
they are, and get their chain as they go in: nothing vouches for them but a
hash of the log they came from, noted elsewhere (``--expect-hash``).
"""

from typing import Any

import orjson

from diundash.clock import format_utc, parse_rfc3339
from diundash.events.types import AUDIT_SOURCES
from diundash.events.upcasting import UnreadableEvent, decode_event
from diundash.input_rules import InvalidInput, check_event

RECORD_KEYS = frozenset({"position", "type", "version", "recorded_at", "data", "audit"})
FORMAT = "diundash-log"
FORMAT_VERSION = 2
HEADER = {"format": FORMAT, "version": FORMAT_VERSION}
SOURCES = AUDIT_SOURCES
# What import says of a format 1 file (exports from before the hash chain).
UNHASHED_FORMAT = (
    "is an export of format 1: nothing in it was hash-protected, so a change made to it "
    "cannot show; its events were hashed only now, as they are. Compare the latest hash "
    "below with one noted from the log it came from (import --expect-hash does)."
)


class InvalidExport(ValueError):
    """A line of an export file cannot be imported; nothing was imported."""

    def __init__(self, line_number: int, reason: str) -> None:
        super().__init__(f"line {line_number}: {reason}")
        self.line_number = line_number


def format_version(line: bytes, line_number: int) -> int:
    """The export's format version, read from its first line: the header's,
    or 1 (no header)."""
    try:
        first = orjson.loads(line)
    except orjson.JSONDecodeError:
        return 1  # the record's own check says what is wrong
    if not isinstance(first, dict) or "format" not in first:
        return 1
    if first != HEADER:
        raise InvalidExport(
            line_number,
            f"this is not a diundash export this version reads (header {first!r}; "
            f"expected {HEADER!r})",
        )
    return FORMAT_VERSION


def parse_record(
    line: bytes, line_number: int, expected_position: int, version: int
) -> dict[str, Any]:
    """One record line of an export of format ``version``, checked: its keys,
    its position, its time, its audit and its event (decoded, upcast, and
    held to the input rules). ``InvalidExport`` names what is wrong."""

    def bad(reason: str) -> InvalidExport:
        return InvalidExport(line_number, reason)

    keys = RECORD_KEYS | {"hash"} if version > 1 else RECORD_KEYS
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError as error:
        raise bad(f"not valid JSON ({error})") from None
    if not isinstance(record, dict) or record.keys() != keys:
        raise bad(f"expected an object with exactly the keys {sorted(keys)}")
    if record["position"] != expected_position or isinstance(record["position"], bool):
        raise bad(f"position must be {expected_position}, got {record['position']!r}")
    if not isinstance(record["version"], int) or not isinstance(record["type"], str):
        raise bad("type must be a string and version an integer")
    recorded_at = record["recorded_at"]
    moment = parse_rfc3339(recorded_at) if isinstance(recorded_at, str) else None
    if moment is None or format_utc(moment) != recorded_at:
        raise bad(
            "recorded_at must be a UTC time as export writes it, e.g. 2026-03-23T10:00:00.000000Z"
        )
    audit = record["audit"]
    if (
        not isinstance(audit, dict)
        or set(audit) - {"actor"} != {"source", "remote_addr", "request_id"}
        or audit["source"] not in SOURCES
        or not all(isinstance(value, str | None) for value in audit.values())
    ):
        raise bad(
            f"audit must have source ({', '.join(SOURCES)}), remote_addr and request_id "
            "(and actor, in exports since sign-in)"
        )
    try:
        event = decode_event(record["type"], record["version"], record["data"], recorded_at)
        check_event(event)  # what comes in obeys the API's rules
    except (UnreadableEvent, InvalidInput) as error:
        raise bad(str(error)) from None
    return record
