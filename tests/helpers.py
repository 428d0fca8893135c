"""Helpers shared by the tests: DIUN's captured requests, a stepping clock,
reads of the log and the read tables past diundash."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from falcon.testing.helpers import DEFAULT_HOST

from tests.databases import query_db

REPO = Path(__file__).resolve().parent.parent
# Requests a real DIUN v4.33.0 sent, captured byte for byte (see its README).
FIXTURES = REPO / "tests" / "fixtures"
DIUN_FIXTURES = FIXTURES / "diun"
SECRET = "some-secret"  # the Authorization value DIUN sent in the captured requests
# The Host falcon's TestClient sends (falconframework.org): a name the
# settings of TestClient tests must allow (ALLOWED_HOSTS).
TEST_CLIENT_HOST = DEFAULT_HOST


def diun_request(name: str) -> dict[str, Any]:
    """One captured DIUN v4.33.0 request: method, path, headers, body_raw."""
    return dict(json.loads((DIUN_FIXTURES / name).read_text()))


def diun_request_names() -> list[str]:
    return sorted(path.name for path in DIUN_FIXTURES.glob("[0-9]*.json"))


class HandClock:
    """A clock the test moves by hand (``clock.now = ...``)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class SteppingClock:
    """A clock that moves one second each time it is read, from a fixed start."""

    def __init__(self, start: datetime = datetime(2026, 3, 23, 10, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def log_rows(database: str) -> list[tuple[Any, ...]]:
    """Every row of the event log, read past diundash (SQLite file or PostgreSQL URL)."""
    return query_db(database, "SELECT * FROM events ORDER BY position")


def read_table_rows(database: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every read table, for before/after comparisons."""
    # Not projection_state.generation: a rebuild moves it on by design.
    queries = {
        table: f"SELECT * FROM {table} ORDER BY 1, 2"
        for table in ("updates", "host_updates", "tags", "tag_assignments")
    }
    queries["projection_state"] = (
        "SELECT id, position, last_tag_id, read_model FROM projection_state"
    )
    return {table: query_db(database, sql) for table, sql in queries.items()}
