"""The digest's schedule: a cron expression read in a time zone (``TZ``),
so ``0 9 * * 1`` is Monday 9:00 there, summer time or not (cronsim)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from cronsim import CronSim


def next_slot(cron: str, zone: ZoneInfo, after: datetime) -> datetime:
    """The first time of the schedule strictly after ``after``, in UTC."""
    return next(CronSim(cron, after.astimezone(zone))).astimezone(UTC)


def latest_slot(cron: str, zone: ZoneInfo, at: datetime) -> datetime:
    """The last time of the schedule at or before ``at``, in UTC."""
    # cronsim goes strictly before its start, and the schedule has whole
    # minutes: from the minute after ``at``'s, it finds ``at``'s own too.
    start = at.astimezone(zone).replace(second=0, microsecond=0) + timedelta(minutes=1)
    return next(CronSim(cron, start, reverse=True)).astimezone(UTC)
