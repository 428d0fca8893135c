"""Settings, read from the environment in one place."""

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from diundash.storage import is_database_url

MAX_BODY_BYTES = 1024 * 1024
SYNCHRONOUS_MODES = ("FULL", "NORMAL", "EXTRA")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
SWITCH_VALUES = dict.fromkeys(("on", "true", "yes", "1"), True) | dict.fromkeys(
    ("off", "false", "no", "0"), False
)


IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class ConfigError(ValueError):
    """An environment variable has a value diundash cannot use."""


# The SPA an installed wheel carries (copied into the package when it is
# built, as the Dockerfile does), and the one built in this checkout.
PACKAGED_FRONTEND_DIST = Path(__file__).resolve().parent / "static"
CHECKOUT_FRONTEND_DIST = Path(__file__).resolve().parent.parent / "frontend" / "dist"


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
        ``SESSION_SECRET_FILE``, and ``METRICS_PUBLIC``."""
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
        return cls(
            db_path=env.get("DB_PATH") or defaults.db_path,
            database_url=database_url,
            database_schema=env.get("DATABASE_SCHEMA") or defaults.database_schema,
            host=env.get("HOST") or defaults.host,
            port=_int_in_range(env, "PORT", defaults.port, 1, 65535),
            webhook_secret=env.get("WEBHOOK_SECRET", ""),
            frontend_dist=Path(env.get("FRONTEND_DIST") or defaults.frontend_dist),
            synchronous=synchronous,
            threads=_int_in_range(env, "THREADS", defaults.threads, 1, 64),
            stale_after=_duration(env, "STALE_AFTER", defaults.stale_after),
            log_level=log_level,
            access_log=_switch(env, "ACCESS_LOG", defaults.access_log),
            connection_limit=_int_in_range(
                env, "CONNECTION_LIMIT", defaults.connection_limit, 10, 100_000
            ),
            channel_timeout=_int_in_range(
                env, "CHANNEL_TIMEOUT", defaults.channel_timeout, 1, 3600
            ),
            trusted_proxies=ip_networks(env, "TRUSTED_PROXIES"),
            public_url=_public_url(env),
            allowed_hosts=_allowed_hosts(env),
            **_auth_settings(env, defaults),
        )


def _int_in_range(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high}, got {value}")
    return value


_DURATION = re.compile(r"([1-9][0-9]{0,5})([mhdw])")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def _duration(env: Mapping[str, str], name: str, default: timedelta) -> timedelta:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    match = _DURATION.fullmatch(raw)
    if match is None:
        raise ConfigError(
            f"{name} must be a number and a unit (m, h, d or w), e.g. 7d; got {raw!r}"
        )
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def _switch(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw not in SWITCH_VALUES:
        raise ConfigError(f"{name} must be on or off, got {raw!r}")
    return SWITCH_VALUES[raw]


def ip_networks(env: Mapping[str, str], name: str) -> tuple[IpNetwork, ...]:
    """Comma- or space-separated addresses and CIDR blocks (``10.0.0.0/8,::1``)."""
    networks = []
    for item in re.split(r"[,\s]+", env.get(name, "").strip()):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ConfigError(
                f"{name} must list IP addresses or CIDR blocks (10.0.0.0/8), got {item!r}"
            ) from None
    return tuple(networks)


_PUBLIC_URL = re.compile(r"https?://[^/?#@\s]+(/[^?#\s]*)?")


def _public_url(env: Mapping[str, str]) -> str:
    raw = env.get("PUBLIC_URL", "").strip()
    if raw and not _PUBLIC_URL.fullmatch(raw):
        raise ConfigError(
            f"PUBLIC_URL must be the page's address, e.g. https://diun.example.com/; got {raw!r}"
        )
    return raw


# A host name, or ``.example.com`` for it and every name under it.
_ALLOWED_HOST = re.compile(r"\.?[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?")


def _allowed_hosts(env: Mapping[str, str]) -> tuple[str, ...]:
    names = []
    for item in re.split(r"[,\s]+", env.get("ALLOWED_HOSTS", "").strip().lower()):
        if item and item != "*" and not _ALLOWED_HOST.fullmatch(item):
            raise ConfigError(
                "ALLOWED_HOSTS must list host names (diun.example.com), .example.com for a "
                f"domain and every name under it, or * for any; no scheme or port; got {item!r}"
            )
        if item:
            names.append(item.rstrip("."))
    return tuple(names)


_HEADER_NAME = re.compile(r"[A-Za-z0-9-]{1,64}")


def _auth_settings(env: Mapping[str, str], defaults: Settings) -> dict[str, Any]:
    password = env.get("AUTH_PASSWORD", "").strip()
    if password and not password.startswith(("$argon2id$", "$argon2i$")):
        raise ConfigError(
            "AUTH_PASSWORD must be a password hash made by `diundash hash-password`, "
            "not the password itself"
        )
    header = env.get("AUTH_TRUSTED_HEADER", "").strip()
    proxies = ip_networks(env, "AUTH_TRUSTED_PROXIES")
    if header and not _HEADER_NAME.fullmatch(header):
        raise ConfigError(f"AUTH_TRUSTED_HEADER must be a header name, got {header!r}")
    if header and not proxies:
        raise ConfigError(
            "AUTH_TRUSTED_HEADER needs AUTH_TRUSTED_PROXIES: the addresses of the proxies "
            "that set it (from any other address it is ignored)"
        )
    return {
        "auth_password": password,
        "auth_user": env.get("AUTH_USER", "").strip() or defaults.auth_user,
        "auth_trusted_header": header,
        "auth_trusted_proxies": proxies,
        "session_lifetime": _duration(env, "SESSION_LIFETIME", defaults.session_lifetime),
        "session_secret": _session_secret(env),
        "metrics_public": _switch(env, "METRICS_PUBLIC", defaults.metrics_public),
    }


# As long as the key it stands in for (32 random bytes, as hex: 64 characters
# from `openssl rand -hex 32`); shorter ones are guessable offline from a cookie.
MIN_SESSION_SECRET_LENGTH = 32


def _session_secret(env: Mapping[str, str]) -> str:
    """``SESSION_SECRET``, or what the file ``SESSION_SECRET_FILE`` names holds
    (a Docker secret), without surrounding white space; empty when neither is set."""
    given, path = env.get("SESSION_SECRET"), env.get("SESSION_SECRET_FILE", "").strip()
    if given is not None and path:
        raise ConfigError("set SESSION_SECRET or SESSION_SECRET_FILE, not both")
    if path:
        try:
            secret = Path(path).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            raise ConfigError(f"SESSION_SECRET_FILE {path!r} cannot be read: {error}") from None
        where = f"the file SESSION_SECRET_FILE names ({path})"
    elif given is None:
        return ""
    else:
        secret, where = given.strip(), "SESSION_SECRET"
    if len(secret) < MIN_SESSION_SECRET_LENGTH:
        raise ConfigError(
            f"{where} must hold at least {MIN_SESSION_SECRET_LENGTH} characters "
            f"(it holds {len(secret)}); make one with `openssl rand -hex 32`"
        )
    return secret
