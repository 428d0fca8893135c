"""Settings, read from the environment in one place."""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

MAX_BODY_BYTES = 1024 * 1024
SYNCHRONOUS_MODES = ("FULL", "NORMAL", "EXTRA")


class ConfigError(ValueError):
    """An environment variable has a value diundash cannot use."""


# The frontend built in this checkout, beside the package.
DEFAULT_FRONTEND_DIST = Path(__file__).resolve().parent.parent / "frontend" / "dist"


@dataclass(frozen=True)
class Settings:
    """Everything the service needs to start; defaults work outside containers."""

    db_path: str = "./diun.db"
    host: str = "0.0.0.0"
    port: int = 8080
    webhook_secret: str = ""
    frontend_dist: Path = DEFAULT_FRONTEND_DIST
    synchronous: str = "FULL"
    threads: int = 8

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> "Settings":
        """Build settings from ``DB_PATH``, ``HOST``, ``PORT``, ``WEBHOOK_SECRET``,
        ``FRONTEND_DIST``, ``DB_SYNCHRONOUS`` and ``THREADS``."""
        defaults = cls()
        synchronous = env.get("DB_SYNCHRONOUS", defaults.synchronous).upper()
        if synchronous not in SYNCHRONOUS_MODES:
            raise ConfigError(f"DB_SYNCHRONOUS must be one of {', '.join(SYNCHRONOUS_MODES)}")
        return cls(
            db_path=env.get("DB_PATH") or defaults.db_path,
            host=env.get("HOST") or defaults.host,
            port=_int_in_range(env, "PORT", defaults.port, 1, 65535),
            webhook_secret=env.get("WEBHOOK_SECRET", ""),
            frontend_dist=Path(env.get("FRONTEND_DIST") or defaults.frontend_dist),
            synchronous=synchronous,
            threads=_int_in_range(env, "THREADS", defaults.threads, 1, 64),
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
