"""Time travel: the read tables as they stood at an earlier log position,
folded in memory from the nearest snapshot of the read model (or from the
log's start) and written into a scratch in-memory database, which the same
queries as the live tables' read."""

import re
from typing import Any

from peewee import Database

from diundash.clock import format_utc, parse_rfc3339
from diundash.events.history import position_at
from diundash.events.store import last_position, read_decoded
from diundash.projections.rebuild import write_read_tables
from diundash.projections.snapshots import nearest_snapshot
from diundash.projections.update_views import read_updates
from diundash.storage import scratch_database

_POSITION = re.compile(r"[0-9]+")


class InvalidAsOf(ValueError):
    """``as_of`` is neither a log position nor an RFC 3339 time."""


class AsOfPastTheEnd(LookupError):
    """``as_of`` is a position the log has not reached."""


def as_of_position(db: Database, as_of: str) -> int:
    """The log position ``as_of`` names: a position, or the last event at or
    before an RFC 3339 time."""
    if _POSITION.fullmatch(as_of):
        digits, last = as_of.lstrip("0") or "0", last_position(db)
        # Compared as text first: int() refuses thousands of digits.
        if len(digits) > len(str(last)) or int(digits) > last:
            raise AsOfPastTheEnd(
                f"'as_of' position {digits[:40]} is past the end of the log ({last})"
            )
        return int(digits)
    moment = parse_rfc3339(as_of)
    if moment is None:
        raise InvalidAsOf(
            "'as_of' must be a log position or an RFC 3339 time such as 2026-03-23T10:00:00Z"
        )
    return position_at(db, format_utc(moment))


def updates_as_of(
    db: Database, position: int, host: str | None = None
) -> dict[str, dict[str, Any]]:
    """``GET /api/updates`` as it would have answered right after event ``position``."""
    scratch = scratch_database()
    try:
        model = nearest_snapshot(db, position)
        model.fold(read_decoded(db, after=model.position, upto=position))
        rows = model.rows()
        with scratch.atomic():
            write_read_tables(scratch, rows)
        return read_updates(scratch, host)[1]
    finally:
        scratch.close()
