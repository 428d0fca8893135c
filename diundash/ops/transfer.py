"""Export and import of the whole log as JSON Lines.

One event per line, exactly as it was recorded (its own schema version):
``{"position": 1, "type": "UpdateReceived", "version": 2, "recorded_at":
"...Z", "data": {...}, "audit": {"source": "webhook", "remote_addr": "...",
"request_id": "...", "actor": null}, "hash": "..."}``. Positions run 1, 2,
3, ... without gaps.

Format version 2 starts with a header line, ``{"format": "diundash-log",
"version": 2}``, and each record carries its link in the log's hash chain
(``hash``), which import checks: an export changed after it was written is
refused at the first changed event. Version 1 exports (no header, no hashes,
no ``actor``) import as they are, and get their chain as they go in.
"""

from collections.abc import Callable, Iterable
from typing import IO, Any

import orjson
from peewee import Database, IntegrityError

from diundash.clock import format_utc, parse_rfc3339
from diundash.commands import record_event
from diundash.events.chain import GENESIS, hashes_at, row_hash
from diundash.events.store import READ_BATCH, read_rows
from diundash.events.types import Audit, Event
from diundash.events.upcasting import UnreadableEvent, decode_event
from diundash.input_rules import InvalidInput, check_event
from diundash.ops.empty_log import into_empty_log

Progress = Callable[[int], None]
PROGRESS_EVERY = 10_000
RECORD_KEYS = {"position", "type", "version", "recorded_at", "data", "audit"}
FORMAT = "diundash-log"
FORMAT_VERSION = 2
HEADER = {"format": FORMAT, "version": FORMAT_VERSION}
SOURCES = ("webhook", "api", "cli", "import")


class InvalidExport(ValueError):
    """A line of an export file cannot be imported; nothing was imported."""

    def __init__(self, line_number: int, reason: str) -> None:
        super().__init__(f"line {line_number}: {reason}")
        self.line_number = line_number


def export_log(db: Database, out: IO[bytes], progress: Progress | None = None) -> int:
    """Write every event to ``out`` as JSON Lines, streaming; return the count."""
    out.write(orjson.dumps(HEADER) + b"\n")
    count, previous, stored = 0, GENESIS, {}
    for row in read_rows(db):
        if row.position not in stored:
            stored = hashes_at(db, range(row.position, row.position + READ_BATCH))
        # The stored hash: an export must not make a changed log look whole.
        # (Events of a log not yet chained get theirs computed.)
        previous = stored.get(row.position) or row_hash(previous, row)
        record = {
            "position": row.position,
            "type": row.type,
            "version": row.version,
            "recorded_at": row.recorded_at,
            "data": orjson.loads(row.data),
            "audit": {
                "source": row.source,
                "remote_addr": row.remote_addr,
                "request_id": row.request_id,
                "actor": row.actor,
            },
            "hash": previous,
        }
        out.write(orjson.dumps(record) + b"\n")
        count += 1
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
    return count


def import_log(db: Database, lines: Iterable[bytes], progress: Progress | None = None) -> int:
    """Load an export into an empty log and rebuild the read tables, all in
    one transaction: the first bad line raises ``InvalidExport`` and leaves
    the database as it was. Returns the number of events imported."""
    count, version = 0, None
    with into_empty_log(db, "import"):
        previous_time = ""
        for line_number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            if version is None:
                version = _format_version(line, line_number)
                if version > 1:
                    continue
            keys = RECORD_KEYS | {"hash"} if version > 1 else RECORD_KEYS
            event, record = _parse_record(line, line_number, count + 1, keys)
            recorded_at = record["recorded_at"]
            if recorded_at < previous_time:  # same fixed-width form: text order is time order
                raise InvalidExport(line_number, "recorded_at goes back in time")
            previous_time = recorded_at
            stored_as = (record["version"], record["data"])
            try:
                stored = record_event(db, event, Audit(**record["audit"]), recorded_at, stored_as)
            except (IntegrityError, OverflowError) as error:
                raise InvalidExport(
                    line_number, f"does not fit the events before it ({error})"
                ) from None
            if version > 1 and stored.hash != record["hash"]:
                raise InvalidExport(
                    line_number,
                    f"its hash does not match: the export was changed at position "
                    f"{stored.position} (or the hashes were)",
                )
            count += 1
            if progress and count % PROGRESS_EVERY == 0:
                progress(count)
    return count


def _format_version(line: bytes, line_number: int) -> int:
    """The export's format version: its header's, or 1 (no header)."""
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


def _parse_record(
    line: bytes, line_number: int, expected_position: int, keys: set[str]
) -> tuple[Event, dict[str, Any]]:
    def bad(reason: str) -> InvalidExport:
        return InvalidExport(line_number, reason)

    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError as error:
        raise bad(f"not valid JSON ({error})") from None
    if not isinstance(record, dict) or set(record) != keys:
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
        event = decode_event(
            record["type"], record["version"], record["data"], record["recorded_at"]
        )
        check_event(event)  # what comes in obeys the API's rules
    except (UnreadableEvent, InvalidInput) as error:
        raise bad(str(error)) from None
    return event, record
