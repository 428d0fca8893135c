"""Requests diundash itself sends: to a host's update hook, to a DIUN's
metrics. Each is sent once (never retried by itself), follows no redirect,
and is bounded in time and in the size of what it reads.

Their URLs and headers may hold secrets (a token in the query, a bearer
header), so nothing here puts either into a message or a log line:
failures are described in words of our own, never by the underlying
exception's text (urllib3's names the URL), and urllib3's own debug
lines, which do, are kept quiet.
"""

import logging
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import parse_qsl, quote, urlsplit

import urllib3
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)

READ_CHUNK = 16 * 1024
REDACTED = "[redacted]"
# Shorter values are not taken for secrets; path segments must be longer
# still (a webhook's id is, "update" is not).
MIN_SECRET_LENGTH = 6
MIN_PATH_SECRET = 16


class OutboundFailure(Exception):
    """A request got no answer; the message says why, without the URL."""


@dataclass(frozen=True)
class Answer:
    """An HTTP answer: its status and the start of its body."""

    status: int
    body: bytes

    @property
    def status_line(self) -> str:
        """``HTTP 202 Accepted``."""
        try:
            return f"HTTP {self.status} {HTTPStatus(self.status).phrase}"
        except ValueError:
            return f"HTTP {self.status}"


class Outbound:
    """Sends requests from a pool of connections, one thread or many."""

    def __init__(self) -> None:
        # urllib3 logs each request's URL at DEBUG: with LOG_LEVEL=DEBUG that
        # would put a hook's token in the log.
        quiet = logging.getLogger("urllib3")
        quiet.setLevel(max(quiet.level, logging.WARNING))
        self.pool = urllib3.PoolManager(retries=False)

    def send(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | None,
        timeout_s: float,
        max_bytes: int,
    ) -> Answer:
        """Send one request and read at most ``max_bytes`` of the answer,
        all within ``timeout_s`` (what is past the deadline is left unread);
        ``OutboundFailure`` when no answer came."""
        deadline = time.monotonic() + timeout_s
        try:
            response = self.pool.request(
                method,
                url,
                body=body,
                headers=dict(headers),
                timeout=urllib3.Timeout(total=timeout_s),
                retries=False,
                redirect=False,
                preload_content=False,
            )
            try:
                read = b""
                while len(read) < max_bytes and time.monotonic() < deadline:
                    chunk = response.read(min(READ_CHUNK, max_bytes - len(read)))
                    if not chunk:
                        break
                    read += chunk
            finally:
                response.close()  # what is left unread goes with the connection
        except (HTTPError, OSError) as error:
            raise OutboundFailure(describe_failure(error, timeout_s)) from None
        return Answer(response.status, read)


def describe_failure(error: BaseException, timeout_s: float) -> str:
    """What went wrong with a request, in words that name no URL."""
    if isinstance(error, MaxRetryError) and error.reason is not None:
        error = error.reason
    if isinstance(error, ReadTimeoutError):
        return f"no answer within {timeout_s:g} s"
    if isinstance(error, NameResolutionError):
        return "its host name could not be resolved"
    if isinstance(error, NewConnectionError):  # before its base, ConnectTimeoutError
        return "the connection was refused or could not be made"
    if isinstance(error, ConnectTimeoutError):
        return f"no connection within {timeout_s:g} s"
    if isinstance(error, SSLError):
        return "the TLS connection failed (its certificate could not be verified?)"
    if isinstance(error, ProtocolError):
        return "the connection broke before a whole answer came"
    return f"the request failed ({type(error).__name__})"


def fill(template: str, values: Mapping[str, str]) -> str:
    """``template`` with each ``{name}`` of ``values`` replaced by the value,
    URL-encoded (no ``str.format``: a URL may hold other braces)."""
    for name, value in values.items():
        template = template.replace(f"{{{name}}}", quote(value, safe=""))
    return template


def secrets_of(url: str, headers: Iterable[tuple[str, str]]) -> list[str]:
    """What of a request must not be shown: the URL (with its template's
    placeholders left in), its address, user and password, its query values
    and longer path segments (a webhook's id), and the header values (and
    their last word: the token of ``Bearer TOKEN``). Longest first."""
    parts = urlsplit(url)
    found = [url, f"{parts.scheme}://{parts.netloc}", parts.netloc]
    found += [parts.username or "", parts.password or ""]
    found += [value for _, value in parse_qsl(parts.query) if "{" not in value]
    found += [segment for segment in parts.path.split("/") if len(segment) >= MIN_PATH_SECRET]
    for _, value in headers:
        found += [value, *value.split()[-1:]]
    return sorted({each for each in found if len(each) >= MIN_SECRET_LENGTH}, key=len, reverse=True)


def redacted(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every one of ``secrets`` in it replaced by ``[redacted]``."""
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return text
