"""The settings of notifications (diundash/notify/): where to send them
(``NOTIFY_URLS``, Apprise URLs), and what: new updates in batches
(``NOTIFY_NEW``, ``NOTIFY_BATCH``), a digest on a schedule
(``DIGEST_SCHEDULE`` in ``TZ``, ``DIGEST_WHEN_EMPTY``) and reminders of
updates left pending (``REMIND_AFTER``)."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cronsim import CronSim, CronSimError

from diundash.config.values import ConfigError, duration, secret, switch

DEFAULT_BATCH = timedelta(seconds=60)
# Cron's usual names for the common schedules (cronsim takes five fields).
CRON_ALIASES = {
    "@hourly": "0 * * * *",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@weekly": "0 0 * * 0",
    "@monthly": "0 0 1 * *",
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
}
# URLs are separated by white space, or by a comma before the next scheme (a
# comma inside a URL, as in mailto's ?to=a@x,b@x, stays in it).
_URL_SEPARATOR = re.compile(r"\s+|,\s*(?=[A-Za-z][A-Za-z0-9+.-]*://)")


@dataclass(frozen=True)
class NotifySettings:
    """Where notifications go and which are sent. ``urls`` hold secrets
    (tokens, passwords): never shown in a repr, a log or an answer."""

    urls: tuple[str, ...] = field(default=(), repr=False)
    new: bool = False
    batch: timedelta = DEFAULT_BATCH
    digest_schedule: str = ""
    timezone: str = "UTC"
    digest_when_empty: bool = False
    remind_after: timedelta | None = None

    @property
    def zone(self) -> ZoneInfo:
        """``timezone`` as a zone, the digest schedule's."""
        return ZoneInfo(self.timezone)

    @property
    def cron(self) -> str:
        """``digest_schedule`` as five cron fields (aliases spelled out)."""
        return CRON_ALIASES.get(self.digest_schedule.lower(), self.digest_schedule)


def split_urls(raw: str) -> tuple[str, ...]:
    """The Apprise URLs in ``raw``: separated by white space or commas."""
    return tuple(url for url in _URL_SEPARATOR.split(raw.strip()) if url)


def read_notify_settings(env: Mapping[str, str]) -> NotifySettings:
    """``NOTIFY_URLS`` (or the file ``NOTIFY_URLS_FILE`` names), ``NOTIFY_NEW``,
    ``NOTIFY_BATCH``, ``DIGEST_SCHEDULE``, ``TZ``, ``DIGEST_WHEN_EMPTY`` and
    ``REMIND_AFTER``. Whether each URL is one Apprise knows is checked when
    the service starts (``notify.channels``), so commands stay quick."""
    defaults = NotifySettings()
    urls = split_urls(secret(env, "NOTIFY_URLS") or "")
    schedule = env.get("DIGEST_SCHEDULE", "").strip()
    timezone = env.get("TZ", "").strip().removeprefix(":") or defaults.timezone
    settings = NotifySettings(
        urls=urls,
        new=switch(env, "NOTIFY_NEW", defaults.new),
        batch=duration(env, "NOTIFY_BATCH", defaults.batch),
        digest_schedule=schedule,
        timezone=timezone,
        digest_when_empty=switch(env, "DIGEST_WHEN_EMPTY", defaults.digest_when_empty),
        remind_after=duration(env, "REMIND_AFTER", timedelta(0)) or None,
    )
    if schedule:
        _check_schedule(settings)
    return settings


def _check_schedule(settings: NotifySettings) -> None:
    try:
        zone = settings.zone
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"TZ must name a time zone (Europe/Paris, UTC) for DIGEST_SCHEDULE, "
            f"got {settings.timezone!r}"
        ) from None
    try:
        next(CronSim(settings.cron, datetime.now(UTC).astimezone(zone)))
    except (CronSimError, StopIteration) as error:
        raise ConfigError(
            "DIGEST_SCHEDULE must be a cron expression of five fields (minute hour "
            f"day-of-month month day-of-week, e.g. '0 9 * * 1') or @daily, @weekly, ...: "
            f"{settings.digest_schedule!r}: {error}"
        ) from None
