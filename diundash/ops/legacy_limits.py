"""Rows of a DiunDashboard database too large to come in, found before any
is loaded: each value's size is read from the record (SQLite's blob handle),
never the value itself, so refusing a 100 MB value costs no memory."""

import sqlite3

from diundash.config import MAX_BODY_BYTES
from diundash.input_rules import MAX_IMAGE_LENGTH, MAX_TAG_NAME_LENGTH

ROWID = "_legacy_rowid"
MAX_UTF8_BYTES_PER_CHARACTER = 4
# Columns with a limit of their own (in characters; checked here in bytes, at
# most 4 per character, then exactly by input_rules once loaded). An update
# row as a whole must also fit in a webhook body, as it once came in as one.
COLUMN_LIMITS = {
    "updates": {"image": MAX_IMAGE_LENGTH},
    "tags": {"name": MAX_TAG_NAME_LENGTH},
    "tag_assignments": {"image": MAX_IMAGE_LENGTH},
}


class LegacyDatabaseError(ValueError):
    """The file is not a DiunDashboard database diundash can read, or holds
    a row diundash cannot take."""


def refuse_oversized_rows(legacy: sqlite3.Connection, table: str) -> None:
    """Refuse, naming the first, a row of ``table`` with a value over its
    column's limit, or whose values together are larger than a webhook body."""
    columns = [row[1] for row in legacy.execute(f'PRAGMA table_info("{table}")')]
    limits = {
        column: limit * MAX_UTF8_BYTES_PER_CHARACTER
        for column, limit in COLUMN_LIMITS.get(table, {}).items()
        if column in columns
    }
    for (rowid,) in legacy.execute(f'SELECT rowid FROM "{table}" ORDER BY rowid').fetchall():
        sizes = {column: _stored_bytes(legacy, table, column, rowid) for column in columns}
        over = [
            f"{column} is {sizes[column]} bytes (at most {limit})"
            for column, limit in limits.items()
            if sizes[column] > limit
        ]
        if not over and sum(sizes.values()) > MAX_BODY_BYTES:
            over = [f"its text is {sum(sizes.values())} bytes (at most {MAX_BODY_BYTES})"]
        if over:
            raise LegacyDatabaseError(f"{table} row {rowid} is too large: {'; '.join(over)}")


def _stored_bytes(legacy: sqlite3.Connection, table: str, column: str, rowid: int) -> int:
    """The size of a text or blob value, without reading it; 0 for NULL or a number."""
    try:
        with legacy.blobopen(table, column, rowid, readonly=True) as blob:
            return len(blob)
    except sqlite3.OperationalError:  # "cannot open value of type null" (or integer, real)
        return 0
