"""Time as diundash stores it: aware UTC, written as RFC 3339 text."""

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


def format_utc(moment: datetime) -> str:
    """RFC 3339 in UTC with microseconds, e.g. ``2026-03-23T10:00:00.000000Z``.

    One fixed width keeps the text sortable in SQLite.
    """
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")
