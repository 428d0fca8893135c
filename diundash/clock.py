"""Time as diundash stores it: aware UTC, written as RFC 3339 text."""

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


def format_utc(moment: datetime) -> str:
    """RFC 3339 in UTC with microseconds, e.g. ``2026-03-23T10:00:00.000000Z``.

    One fixed width keeps the text sortable in SQLite.
    """
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


_RFC3339 = re.compile(
    r"(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})"
)


def parse_rfc3339(text: str, round_up: bool = False) -> datetime | None:
    """The aware time ``text`` names in RFC 3339 (any fraction up to
    nanoseconds, cut to microseconds, or rounded up with ``round_up``, for an
    exclusive upper bound), or None when it is not one."""
    match = _RFC3339.fullmatch(text)
    if match is None:
        return None
    date, time, fraction, offset = match.groups()
    offset = "+00:00" if offset in ("Z", "z") else offset
    micros = f".{(fraction or '0')[:6]:0<6}"
    try:
        moment = datetime.fromisoformat(f"{date}T{time}{micros}{offset}")
        if round_up and (fraction or "")[6:].strip("0"):
            moment += timedelta(microseconds=1)
        moment.astimezone(UTC)  # year 1 at +01:00 has no UTC year to land in
    except (ValueError, OverflowError):
        return None
    return moment
