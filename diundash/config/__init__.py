"""Settings, read from the environment in one place."""

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from diundash.config.access import read_access_settings, read_allowed_hosts, read_public_url
from diundash.config.heartbeat import HeartbeatSettings, read_heartbeat_settings
from diundash.config.hooks import HookSettings, read_hook_settings
from diundash.config.notify import NotifySettings, read_notify_settings
from diundash.config.values import (
    ConfigError,
    IpNetwork,
    duration,
    int_in_range,
    ip_networks,
    switch,
)
from diundash.storage import is_database_url

MAX_BODY_BYTES = 1024 * 1024
SYNCHRONOUS_MODES = ("FULL", "NORMAL", "EXTRA")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

__all__ = ["MAX_BODY_BYTES", "ConfigError", "IpNetwork", "Settings"]


# The SPA an installed wheel carries (copied into the package when it is
# built, as the Dockerfile does), and the one built in this checkout.
PACKAGED_FRONTEND_DIST = Path(__file__).resolve().parent.parent / "static"
CHECKOUT_FRONTEND_DIST = Path(__file__).resolve().parent.parent.parent / "frontend" / "dist"


def default_frontend_dist() -> Path:
    """The packaged SPA when this install has one, else the checkout's build."""
    if (PACKAGED_FRONTEND_DIST / "index.html").is_file():
        return PACKAGED_FRONTEND_DIST
    return CHECKOUT_FRONTEND_DIST


@dataclass(frozen=True)
class Settings:
    """Everything the service needs to start; defaults work outside containers."""

    db_path: str = "./diun.db"
    database_url: str = ""
    database_schema: str = "diundash"
    host: str = "0.0.0.0"
    port: int = 8080
    webhook_secret: str = ""
    frontend_dist: Path = field(default_factory=default_frontend_dist)
    synchronous: str = "FULL"
    threads: int = 8
    stale_after: timedelta = timedelta(days=7)
    log_level: str = "INFO"
    access_log: bool = True
    connection_limit: int = 2000
    channel_timeout: int = 15
    trusted_proxies: tuple[IpNetwork, ...] = ()
    public_url: str = ""
    allowed_hosts: tuple[str, ...] = ()
    auth_password: str = ""
    auth_user: str = "admin"
    auth_trusted_header: str = ""
    auth_trusted_proxies: tuple[IpNetwork, ...] = ()
    session_lifetime: timedelta = timedelta(days=7)
    # SESSION_SECRET (or the file SESSION_SECRET_FILE names): signs session
    # cookies instead of the key kept in the database. Never shown in a repr.
    session_secret: str = field(default="", repr=False)
    metrics_public: bool = False
    hooks: HookSettings = field(default_factory=HookSettings)
    heartbeat: HeartbeatSettings = field(default_factory=HeartbeatSettings)
    notify: NotifySettings = field(default_factory=NotifySettings)

    @property
    def sign_in_required(self) -> bool:
        """Whether ``/api/`` needs a session, a token or a trusted proxy's user."""
        return bool(self.auth_password or self.auth_trusted_header)

    @property
    def database(self) -> str:
        """What to open: ``DATABASE_URL`` when set (PostgreSQL), else ``DB_PATH``."""
        return self.database_url or self.db_path

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> "Settings":
        """Build settings from ``DB_PATH``, ``DATABASE_URL``, ``DATABASE_SCHEMA``,
        ``HOST``, ``PORT``, ``WEBHOOK_SECRET``, ``FRONTEND_DIST``,
        ``DB_SYNCHRONOUS``, ``THREADS``, ``STALE_AFTER``, ``LOG_LEVEL``, ``ACCESS_LOG``,
        ``CONNECTION_LIMIT``, ``CHANNEL_TIMEOUT``, ``TRUSTED_PROXIES``, ``PUBLIC_URL``,
        ``ALLOWED_HOSTS``, ``AUTH_PASSWORD``, ``AUTH_USER``, ``AUTH_TRUSTED_HEADER``,
        ``AUTH_TRUSTED_PROXIES``, ``SESSION_LIFETIME``, ``SESSION_SECRET`` or
        ``SESSION_SECRET_FILE``, ``METRICS_PUBLIC``, and each concern's own
        (``config/hooks.py``, ``config/heartbeat.py``, ``config/notify.py``)."""
        defaults = cls()
        synchronous = env.get("DB_SYNCHRONOUS", defaults.synchronous).upper()
        if synchronous not in SYNCHRONOUS_MODES:
            raise ConfigError(f"DB_SYNCHRONOUS must be one of {', '.join(SYNCHRONOUS_MODES)}")
        log_level = (env.get("LOG_LEVEL") or defaults.log_level).upper()
        if log_level not in LOG_LEVELS:
            raise ConfigError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}")
        database_url = env.get("DATABASE_URL", "").strip()
        if database_url and not is_database_url(database_url):
            raise ConfigError(
                "DATABASE_URL must be a PostgreSQL URL, postgresql://user:password@host:5432/db "
                "(leave it unset for SQLite at DB_PATH)"
            )
        access = read_access_settings(env, defaults)
        sign_in_required = bool(access["auth_password"] or access["auth_trusted_header"])
        return cls(
            db_path=env.get("DB_PATH") or defaults.db_path,
            database_url=database_url,
            database_schema=env.get("DATABASE_SCHEMA") or defaults.database_schema,
            host=env.get("HOST") or defaults.host,
            port=int_in_range(env, "PORT", defaults.port, 1, 65535),
            webhook_secret=env.get("WEBHOOK_SECRET", ""),
            frontend_dist=Path(env.get("FRONTEND_DIST") or defaults.frontend_dist),
            synchronous=synchronous,
            threads=int_in_range(env, "THREADS", defaults.threads, 1, 64),
            stale_after=duration(env, "STALE_AFTER", defaults.stale_after),
            log_level=log_level,
            access_log=switch(env, "ACCESS_LOG", defaults.access_log),
            connection_limit=int_in_range(
                env, "CONNECTION_LIMIT", defaults.connection_limit, 10, 100_000
            ),
            channel_timeout=int_in_range(env, "CHANNEL_TIMEOUT", defaults.channel_timeout, 1, 3600),
            trusted_proxies=ip_networks(env, "TRUSTED_PROXIES"),
            public_url=read_public_url(env),
            allowed_hosts=read_allowed_hosts(env),
            **access,
            hooks=read_hook_settings(env, sign_in_required),
            heartbeat=read_heartbeat_settings(env),
            notify=read_notify_settings(env),
        )
