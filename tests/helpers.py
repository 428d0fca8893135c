"""Helpers shared by the tests: DIUN's captured requests, a stepping clock,
plain sqlite3 reads of the log and the read tables."""

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
# Requests a real DIUN v4.33.0 sent, captured byte for byte (see its README).
FIXTURES = REPO / "tests" / "fixtures"
DIUN_FIXTURES = FIXTURES / "diun"
SECRET = "some-secret"  # the Authorization value DIUN sent in the captured requests


def diun_request(name: str) -> dict[str, Any]:
    """One captured DIUN v4.33.0 request: method, path, headers, body_raw."""
    return dict(json.loads((DIUN_FIXTURES / name).read_text()))


def diun_request_names() -> list[str]:
    return sorted(path.name for path in DIUN_FIXTURES.glob("[0-9]*.json"))


class SteppingClock:
    """A clock that moves one second each time it is read, from a fixed start."""

    def __init__(self, start: datetime = datetime(2026, 3, 23, 10, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def log_rows(db_path: str) -> list[tuple[Any, ...]]:
    """Every row of the event log, read with a plain sqlite3 connection."""
    with sqlite3.connect(db_path) as connection:
        rows = connection.execute("SELECT * FROM events ORDER BY position").fetchall()
    connection.close()
    return rows


def read_table_rows(db_path: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every read table, for before/after comparisons."""
    with sqlite3.connect(db_path) as connection:
        tables = ("updates", "tags", "tag_assignments", "projection_state")
        rows = {t: connection.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
    connection.close()
    return rows
