"""Moving from DiunDashboard: its ``diun.db`` turned into events.

DiunDashboard kept only the current state (``updates``, ``tags``,
``tag_assignments``), so the import writes the events that lead to exactly
that state, with the original times: each update received at its
``received_at``, dismissed at its ``acknowledged_at``, tags with their ids.
"""

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from peewee import Database

from diundash.clock import Clock, format_utc, parse_rfc3339, utc_now
from diundash.commands import record_events
from diundash.diun import DOCKER_METADATA_COLUMNS, TEXT_FIELDS
from diundash.events.types import (
    Audit,
    Event,
    TagAssigned,
    TagCreated,
    UpdateDismissed,
    UpdateReceived,
)
from diundash.input_rules import check_diun_body, check_event, check_id, check_image, check_tag_name
from diundash.ops.empty_log import into_empty_log
from diundash.ops.legacy_limits import ROWID, LegacyDatabaseError, refuse_oversized_rows

# Go's time.Time.String(), SQLite's datetime('now') and similar spellings.
_LOOSE_TIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?(?:\s+[A-Z][A-Za-z]*)?(?:\s+m=[+-][\d.]+)?"
)


__all__ = ["LegacyDatabaseError", "LegacySummary", "read_legacy", "record_legacy"]

E = TypeVar("E", bound=Event)


@dataclass
class LegacySummary:
    """What an import brought over, and what it had to leave out."""

    tags: int = 0
    updates: int = 0
    dismissed: int = 0
    assignments: int = 0
    skipped: list[str] = field(default_factory=list)


def legacy_rfc3339(text: str, in_utc: bool) -> str | None:
    """A time as DiunDashboard stored it (Go's and SQLite's spellings; no
    zone means UTC) written as Go's JSON wrote it: RFC 3339 with all the
    fraction digits it had. ``in_utc`` moves it to UTC, else the offset stays."""
    match = _LOOSE_TIME.fullmatch(text.strip())
    if match is None:
        return None
    date, time, fraction, offset = match.groups()
    fraction = (fraction or "").rstrip("0").rstrip(".")
    offset = "Z" if offset in (None, "Z", "+00:00", "+0000", "-00:00", "-0000") else offset
    if offset != "Z" and ":" not in offset:
        offset = f"{offset[:3]}:{offset[3:]}"
    moment = parse_rfc3339(f"{date}T{time}{fraction}{offset}")
    if moment is None:
        return None
    if offset == "Z" or not in_utc:
        return f"{date}T{time}{fraction}{offset}"
    fraction = moment.strftime(".%f").rstrip("0").rstrip(".")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S") + fraction + "Z"


def _table_exists(legacy: sqlite3.Connection, table: str) -> bool:
    query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
    return legacy.execute(query, (table,)).fetchone() is not None


def _rows(legacy: sqlite3.Connection, table: str, order: str) -> list[dict[str, Any]]:
    """Every row of ``table`` with its ``rowid`` (none if an older
    DiunDashboard lacked the table); rows too large to come in are refused
    by ``refuse_oversized_rows`` before any is loaded."""
    if not _table_exists(legacy, table):
        return []
    refuse_oversized_rows(legacy, table)
    query = f"SELECT rowid AS {ROWID}, * FROM {table} ORDER BY {order}"
    return [dict(row) for row in legacy.execute(query)]


def _instant(text: str) -> datetime:
    moment = parse_rfc3339(text)
    if moment is None:  # legacy_rfc3339 only writes valid times
        raise ValueError(f"not an RFC 3339 time: {text!r}")
    return moment


def _time_of(row: dict[str, Any], column: str) -> str:
    moment = legacy_rfc3339(row[column] or "", in_utc=True)
    if moment is None:
        raise LegacyDatabaseError(
            f"update {row['image']!r} has an unreadable {column} {row[column]!r}"
        )
    return moment


def legacy_events(legacy: sqlite3.Connection, summary: LegacySummary) -> list[Event]:
    """The events that rebuild a DiunDashboard database's state, in history order:
    tags, receipts by time, dismissals by time, then assignments. Each row
    must obey the rules the API applies (``input_rules``), or the import is
    refused naming it."""
    if not _table_exists(legacy, "updates"):
        raise LegacyDatabaseError("no 'updates' table: not a DiunDashboard database")
    tags = [_checked("tags", row, _tag_created) for row in _rows(legacy, "tags", "rowid")]
    names: dict[str, int] = {}
    for tag in tags:
        if names.setdefault(tag.name, tag.id) != tag.id:
            raise LegacyDatabaseError(
                f"tags {names[tag.name]} and {tag.id} have the same name {tag.name!r}"
            )
    updates = _rows(legacy, "updates", "image")
    received = [_checked("updates", row, _received) for row in updates]
    dismissed = [
        _checked("updates", row, _dismissed) for row in updates if row.get("acknowledged_at")
    ]
    tag_ids = {tag.id for tag in tags}
    assigned = []
    for row in _rows(legacy, "tag_assignments", "image"):
        if row["tag_id"] in tag_ids:
            assigned.append(_checked("tag_assignments", row, _assigned))
        else:
            summary.skipped.append(f"assignment of {row['image']!r} to missing tag {row['tag_id']}")
    summary.tags, summary.updates = len(tags), len(received)
    summary.dismissed, summary.assignments = len(dismissed), len(assigned)
    return [
        *tags,
        *sorted(received, key=lambda event: _instant(event.received_at)),
        *sorted(dismissed, key=lambda event: _instant(event.dismissed_at)),
        *assigned,
    ]


def _checked(table: str, row: dict[str, Any], make: Callable[[dict[str, Any]], E]) -> E:
    """``make(row)``, checked by the rules; a refusal names the row."""
    try:
        event = make(row)
        check_event(event)
        return event
    except LegacyDatabaseError:
        raise
    except ValueError as error:  # InvalidInput, or an event type refusing a field
        raise LegacyDatabaseError(f"{table} row {row[ROWID]}: {error}") from None


def _tag_created(row: dict[str, Any]) -> TagCreated:
    check_id(row["id"], "'id'")
    return TagCreated(id=row["id"], name=check_tag_name(row["name"]))


def _received(row: dict[str, Any]) -> UpdateReceived:
    body = _body(row)
    check_diun_body(body)
    return UpdateReceived(body=body, received_at=_time_of(row, "received_at"))


def _dismissed(row: dict[str, Any]) -> UpdateDismissed:
    return UpdateDismissed(image=row["image"], dismissed_at=_time_of(row, "acknowledged_at"))


def _assigned(row: dict[str, Any]) -> TagAssigned:
    return TagAssigned(image=check_image(row["image"]), tag_id=row["tag_id"])


def _body(row: dict[str, Any]) -> dict[str, Any]:
    """The webhook body DiunDashboard answered for a row of its ``updates``."""
    body = {field: row.get(field) or "" for field in ("image", *TEXT_FIELDS)}
    created = row.get("created") or ""
    # An unset time is null; text that is no time at all is kept as it is.
    body["created"] = (legacy_rfc3339(created, in_utc=False) or created) if created else None
    body["metadata"] = {
        key: row.get(column) or "" for column, key in DOCKER_METADATA_COLUMNS.items()
    }
    return body


def read_legacy(path: Path) -> tuple[list[Event], LegacySummary]:
    """The events that rebuild the DiunDashboard database at ``path``
    (opened read-only), and what they bring over."""
    if not path.is_file():
        raise LegacyDatabaseError(f"no file at {path}")
    summary = LegacySummary()
    legacy = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    legacy.row_factory = sqlite3.Row
    try:
        return legacy_events(legacy, summary), summary
    except sqlite3.DatabaseError as error:
        raise LegacyDatabaseError(f"cannot read {path}: {error}") from None
    finally:
        legacy.close()


def record_legacy(
    db: Database, events: list[Event], source_name: str, clock: Clock = utc_now
) -> None:
    """Append and project ``events`` (source ``import``) in the empty log of
    ``db``, in one transaction."""
    with into_empty_log(db, "import-legacy"):
        audit = Audit(source="import", request_id=f"import-legacy:{source_name}")
        record_events(db, events, audit, format_utc(clock()))
