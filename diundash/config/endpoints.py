"""HTTP endpoints per host, as ``UPDATE_HOOKS`` and ``HEARTBEAT_URLS`` name
them: one entry per host, entries on lines of their own or separated by
``;``, each ``HOST=[METHOD ]URL`` followed by any number of
``| Header-Name: value``::

    nas=https://nas:8080/v1/update?image={image} | Authorization: Bearer s3cret
    web-1=PUT https://web-1:9000/hooks/update

The variable or the file ``NAME_FILE`` names (a Docker secret) holds them;
a line starting with ``#`` is a comment. URLs and header values may hold
secrets: no message, log or repr ever shows them, only the host and the
scheme and address the URL points at.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from diundash.config.values import ConfigError, secret
from diundash.input_rules import CONTROL_CHARACTER, MAX_HOST_LENGTH

_HEADER_NAME = re.compile(r"[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}")
_ENTRIES = re.compile(r"[;\n]")


@dataclass(frozen=True)
class Endpoint:
    """What to ask of one host: ``method``, ``url`` (with ``{image}`` and
    ``{host}`` in it, filled in URL-encoded) and ``headers``. Only the
    scheme and address of the URL are ever shown."""

    method: str
    url: str = field(repr=False)
    headers: tuple[tuple[str, str], ...] = field(default=(), repr=False)

    @property
    def address(self) -> str:
        """``scheme://host:port`` of the URL: what may be shown of it."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.hostname or ''}" + (f":{parts.port}" if parts.port else "")


def read_endpoints(
    env: Mapping[str, str], name: str, methods: tuple[str, ...]
) -> dict[str, Endpoint]:
    """The endpoints ``name`` (or ``{name}_FILE``) lists, by host; the first
    of ``methods`` when an entry names none. Empty when neither is set."""
    text = secret(env, name) or ""
    where = name if env.get(name) is not None else f"the file {name}_FILE names"
    endpoints: dict[str, Endpoint] = {}
    for number, entry in enumerate(_ENTRIES.split(text), 1):
        entry = entry.strip()
        if not entry or entry.startswith("#"):
            continue
        host, endpoint = _entry(entry, f"{where}, entry {number}", methods)
        if host in endpoints:
            raise ConfigError(f"{where} names the host {host!r} twice")
        endpoints[host] = endpoint
    return endpoints


def _entry(entry: str, where: str, methods: tuple[str, ...]) -> tuple[str, Endpoint]:
    # Never echo the entry, or the part after the host: it may hold a secret.
    host, equals, rest = entry.partition("=")
    host = host.strip()
    # A host name has none of these; a URL without "HOST=" before it has some.
    if not equals or not host or any(c in host for c in "|/: "):
        raise ConfigError(f"{where} must be HOST=URL (e.g. nas=https://nas:8080/v1/update)")
    if len(host) > MAX_HOST_LENGTH or CONTROL_CHARACTER.search(host):
        raise ConfigError(f"{where}: {host[:40]!r} is not a host name")
    target, *header_parts = rest.split("|")
    words = target.split()
    if len(words) == 1:
        method, url = methods[0], words[0]
    elif len(words) == 2 and words[0].upper() in methods:
        method, url = words[0].upper(), words[1]
    else:
        raise ConfigError(
            f"{where} (host {host!r}) must be HOST=[METHOD ]URL, METHOD one of "
            f"{', '.join(methods)}, followed by any '| Header: value'"
        )
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{where} (host {host!r}): the URL must start with http:// or https://")
    return host, Endpoint(method, url, tuple(_header(part, where, host) for part in header_parts))


def _header(part: str, where: str, host: str) -> tuple[str, str]:
    name, colon, value = part.partition(":")
    name, value = name.strip(), value.strip()
    if not colon or not _HEADER_NAME.fullmatch(name):
        raise ConfigError(f"{where} (host {host!r}): each header must be '| Name: value'")
    if CONTROL_CHARACTER.search(value):
        raise ConfigError(f"{where} (host {host!r}): the header {name} holds a control character")
    return name, value
