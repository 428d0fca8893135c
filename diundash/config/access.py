"""The settings of who may reach the page and the API: the names it answers
to, sign-in (password, trusted proxy, sessions) and ``/metrics``' access."""

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from diundash.config.values import ConfigError, duration, ip_networks, secret, switch

if TYPE_CHECKING:
    from diundash.config import Settings

_PUBLIC_URL = re.compile(r"https?://[^/?#@\s]+(/[^?#\s]*)?")


def read_public_url(env: Mapping[str, str]) -> str:
    raw = env.get("PUBLIC_URL", "").strip()
    if raw and not _PUBLIC_URL.fullmatch(raw):
        raise ConfigError(
            f"PUBLIC_URL must be the page's address, e.g. https://diun.example.com/; got {raw!r}"
        )
    return raw


# A host name, or ``.example.com`` for it and every name under it.
_ALLOWED_HOST = re.compile(r"\.?[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?")


def read_allowed_hosts(env: Mapping[str, str]) -> tuple[str, ...]:
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


def read_access_settings(env: Mapping[str, str], defaults: "Settings") -> dict[str, Any]:
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
        "session_lifetime": duration(env, "SESSION_LIFETIME", defaults.session_lifetime),
        "session_secret": _session_secret(env),
        "metrics_public": switch(env, "METRICS_PUBLIC", defaults.metrics_public),
    }


# As long as the key it stands in for (32 random bytes, as hex: 64 characters
# from `openssl rand -hex 32`); shorter ones are guessable offline from a cookie.
MIN_SESSION_SECRET_LENGTH = 32


def _session_secret(env: Mapping[str, str]) -> str:
    """``SESSION_SECRET`` (or ``SESSION_SECRET_FILE``'s); empty when neither is set."""
    found = secret(env, "SESSION_SECRET")
    if found is None:
        return ""
    where = (
        "SESSION_SECRET"
        if env.get("SESSION_SECRET") is not None
        else (f"the file SESSION_SECRET_FILE names ({env['SESSION_SECRET_FILE'].strip()})")
    )
    if len(found) < MIN_SESSION_SECRET_LENGTH:
        raise ConfigError(
            f"{where} must hold at least {MIN_SESSION_SECRET_LENGTH} characters "
            f"(it holds {len(found)}); make one with `openssl rand -hex 32`"
        )
    return found
