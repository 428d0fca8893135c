"""The settings of the heartbeat: where each host's DIUN serves its metrics
(``HEARTBEAT_URLS``), how often they are read, and when a host whose DIUN
stopped checking counts as silent."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from diundash.config.endpoints import Endpoint, read_endpoints
from diundash.config.values import duration


@dataclass(frozen=True)
class HeartbeatSettings:
    """``sources``: each host's DIUN metrics URL (and headers: a bearer
    token), never shown; ``every``: how often they are read
    (HEARTBEAT_EVERY); ``silent_after``: how long a DIUN may go without a
    check, or its metrics unreadable, before its host is silent
    (SILENT_AFTER)."""

    sources: dict[str, Endpoint] = field(default_factory=dict, hash=False, repr=False)
    every: timedelta = timedelta(minutes=5)
    silent_after: timedelta = timedelta(days=1)


def read_heartbeat_settings(env: Mapping[str, str]) -> HeartbeatSettings:
    """``HEARTBEAT_URLS`` (or ``HEARTBEAT_URLS_FILE``), ``HEARTBEAT_EVERY`` and
    ``SILENT_AFTER``. No ``DIUN_`` prefix: DIUN reads every ``DIUN_*``
    variable of the ``.env`` that compose hands both services."""
    defaults = HeartbeatSettings()
    return HeartbeatSettings(
        sources=read_endpoints(env, "HEARTBEAT_URLS", ("GET",)),
        every=duration(env, "HEARTBEAT_EVERY", defaults.every),
        silent_after=duration(env, "SILENT_AFTER", defaults.silent_after),
    )
