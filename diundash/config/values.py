"""Reading one environment variable each: numbers in a range, durations,
switches, address lists and secrets (given or in a file). Every refusal is a
``ConfigError`` naming the variable and what it must be."""

import ipaddress
import re
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

SWITCH_VALUES = dict.fromkeys(("on", "true", "yes", "1"), True) | dict.fromkeys(
    ("off", "false", "no", "0"), False
)

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class ConfigError(ValueError):
    """An environment variable has a value diundash cannot use."""


def int_in_range(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
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


_DURATION = re.compile(r"([1-9][0-9]{0,5})([smhdw])")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def duration(env: Mapping[str, str], name: str, default: timedelta) -> timedelta:
    """A number and a unit: ``90s``, ``5m``, ``6h``, ``7d``, ``2w``."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    match = _DURATION.fullmatch(raw)
    if match is None:
        raise ConfigError(
            f"{name} must be a number and a unit (s, m, h, d or w), e.g. 7d; got {raw!r}"
        )
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def switch(env: Mapping[str, str], name: str, default: bool) -> bool:
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


def secret(env: Mapping[str, str], name: str) -> str | None:
    """``name``, or what the file ``{name}_FILE`` names holds (a Docker
    secret), without surrounding white space; None when neither is set."""
    given, path = env.get(name), env.get(f"{name}_FILE", "").strip()
    if given is not None and path:
        raise ConfigError(f"set {name} or {name}_FILE, not both")
    if not path:
        return None if given is None else given.strip()
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{name}_FILE {path!r} cannot be read: {error}") from None
