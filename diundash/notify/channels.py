"""The channels notifications go to: one per Apprise URL of ``NOTIFY_URLS``
(``ntfys://``, ``gotify://``, ``mailto://``, ``discord://``, ``tgram://``,
``json://``, ...). Apprise speaks to each service; diundash has no client
of its own for any.

A URL holds secrets (a token, a password, a topic only its owner knows), so
a channel is shown only by its scheme and host (``ntfys://ntfy.sh``), or
``scheme://…`` where Apprise itself hides the host (a Telegram bot's token
is its URL's host). Nothing else of the URL leaves this module: not in a
log line, an event, an answer of the API. Apprise's own log, which names
hosts and paths, is kept to itself; what it says of a failure is cut of
every part of the URL before it goes anywhere.
"""

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from diundash.config.values import ConfigError

if TYPE_CHECKING:
    import apprise

# The most one attempt at one channel may take (a channel that hangs):
# Apprise's own budget for a service, retries and waits included.
SEND_TIMEOUT_S = 30.0
MAX_ERROR_LENGTH = 300
# Parts of a URL shorter than this are no secret worth hiding (and hiding
# them would cut the error text to pieces).
MIN_SECRET_LENGTH = 3
HIDDEN = "***"


@dataclass(frozen=True)
class Channel:
    """One Apprise URL: ``name`` is how it is shown (scheme and host), the
    ``url`` and its ``secrets`` (every other part of it) are never shown."""

    name: str
    url: str = field(repr=False)
    secrets: tuple[str, ...] = field(repr=False)

    def scrub(self, text: str) -> str:
        """``text`` with every secret part of the URL replaced by ``***``."""
        for secret in (self.url, *self.secrets):
            text = text.replace(secret, HIDDEN)
        return text


def _keep_apprise_to_itself() -> None:
    """Apprise and the HTTP library under it log URLs (paths, queries) at
    debug level; their records never reach diundash's log. What Apprise says
    of a failure comes back with its result instead (``send``)."""
    logging.getLogger("apprise").propagate = False
    logging.getLogger("urllib3").setLevel(logging.WARNING)


def load_channels(urls: Iterable[str]) -> tuple[Channel, ...]:
    """The channels of ``urls`` (``NOTIFY_URLS``); ``ConfigError`` for one
    Apprise does not know, named by its place and scheme only."""
    import apprise  # loads its plugins (a second or two): only with channels

    _keep_apprise_to_itself()
    names: Counter[str] = Counter()
    channels = []
    for number, url in enumerate(urls, 1):
        plugin = apprise.Apprise.instantiate(url, asset=_asset())
        scheme = urlsplit(url).scheme.lower() if "://" in url else ""
        if plugin is None:
            raise ConfigError(
                f"NOTIFY_URLS: URL {number} ({scheme or 'no scheme'}://…) is not an Apprise "
                "URL diundash can use (see https://github.com/caronc/apprise/wiki)"
            )
        host = _shown_host(url, plugin.url(privacy=True))  # type: ignore[no-untyped-call]
        name = f"{scheme}://{host}"
        names[name] += 1
        if names[name] > 1:
            name = f"{name} #{names[name]}"
        channels.append(Channel(name, url, _secret_parts(url, host_shown=host != "…")))
    return tuple(channels)


def _shown_host(url: str, private_url: str) -> str:
    """The host (and port) of ``url``, if Apprise shows it unmasked in its
    private form of the URL; else ``…`` (the host is itself a secret)."""
    given, shown = urlsplit(url), urlsplit(private_url)
    try:
        host, port = given.hostname, given.port
    except ValueError:  # a port that is no number: Apprise reads it otherwise
        return "…"
    if not host or host != shown.hostname:
        return "…"
    host = f"[{host}]" if ":" in host else host
    return host if port is None else f"{host}:{port}"


def _secret_parts(url: str, host_shown: bool) -> tuple[str, ...]:
    """Every part of ``url`` but its scheme and shown host, as written and
    decoded, longest first (so a part inside another is hidden whole)."""
    split = urlsplit(url)
    userinfo, _, hostport = split.netloc.rpartition("@")
    parts = {userinfo, *userinfo.split(":"), split.path, split.query, split.fragment}
    if not host_shown:
        parts |= {hostport, *hostport.split(":")}
    parts.update(split.path.split("/"))
    for pair in split.query.split("&"):
        parts.update(pair.split("=", 1))
    parts |= {unquote(part) for part in parts}
    parts = {part for part in parts if len(part) >= MIN_SECRET_LENGTH}
    return tuple(sorted(parts, key=len, reverse=True))


def _asset() -> "apprise.AppriseAsset":
    import apprise

    # Memory only: nothing written under the home folder (the image's user has none).
    return apprise.AppriseAsset(storage_mode="memory", service_timeout=SEND_TIMEOUT_S)


def send(channel: Channel, title: str, body: str) -> str | None:
    """Send one message to ``channel``: None once it took it, else why not
    (its secrets removed)."""
    import apprise

    sender = apprise.Apprise(asset=_asset())
    sender.add(channel.url)
    try:
        result = sender.notify(body=body, title=title, timeout=SEND_TIMEOUT_S)
    except Exception as error:  # a plugin's own bug: this channel failed, not the job
        return _short(channel.scrub(f"{type(error).__name__}: {error}"))
    if result:
        return None
    said = [entry.message for entry in result.logs() if entry.level in ("WARNING", "ERROR")]
    reason = " ".join(said) or f"Apprise reported {result.status.name.lower()}"
    return _short(channel.scrub(reason))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_ERROR_LENGTH else text[: MAX_ERROR_LENGTH - 1] + "…"
