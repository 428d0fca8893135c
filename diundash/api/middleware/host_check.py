"""DNS rebinding protection: answer only to names this dashboard is known by.

A page on ``rebind.attacker.example`` can point its own name at the
dashboard's address; the visitor's browser then treats the dashboard as that
page's own site (same origin: cross-site checks see nothing wrong) and lets
it read and write. The browser still sends the name it used in ``Host``, so a
request naming a host that is not the dashboard's is refused (403).

Known names: IP literals, ``localhost``, single-label names (``nas``), names
under ``.local``, ``.lan``, ``.home.arpa`` and ``.internal``, the host of
``PUBLIC_URL``, the name ``HOST`` listens on, and ``ALLOWED_HOSTS`` (``*``:
any), each with any port. From a ``TRUSTED_PROXIES`` address, a
``X-Forwarded-Host`` is the name checked. ``/webhook`` is not checked: DIUN
may post to any name it was given, it never sends a webhook again after a
refusal, and ``WEBHOOK_SECRET`` guards it. A request without ``Host`` is not
a browser's, and passes (HTTP/1.0); HTTP/1.1 requires one, so its absence is
a 400 there.
"""

import functools
import html
import ipaddress
import re
from collections.abc import Callable
from urllib.parse import urlsplit

import falcon

from diundash.api.client_source import from_trusted_proxy
from diundash.config import Settings

WEBHOOK_PATH = "/webhook"
LOCAL_SUFFIXES = (".local", ".lan", ".home.arpa", ".internal")
# Answered in JSON (the feeds too: /feed.atom, /feed.json); any other path is the page's.
MACHINE_PREFIXES = ("/api/", "/healthz", "/metrics", "/feed.")
# A Host value: a bracketed IPv6 address or a name (or IPv4 address), then
# an optional port.
_HOST = re.compile(r"(?:\[([0-9a-f:.]+(?:%[0-9a-z._~-]+)?)\]|([a-z0-9_.-]+))(?::[0-9]*)?")
VERDICTS_KEPT = 512  # distinct Host values remembered; a flood only evicts
# A DNS name has at most 253 characters; with brackets and a port, fewer than
# this. Longer values are refused unremembered, so the memory stays small.
MAX_HOST_LENGTH = 270

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>diundash: unknown address</title></head>
<body><h1>diundash does not answer to {name}</h1>
<p>This request asked for <code>{name}</code> ({header}), a name diundash does not
know as its own. A web page can point a name it owns at a dashboard on your network
(DNS rebinding) to read and change it, so diundash answers only to names it knows.</p>
<p>If <code>{name}</code> is this dashboard's address, add it to <code>ALLOWED_HOSTS</code>
(comma-separated), or set <code>PUBLIC_URL</code> to the address you open the page at,
and restart diundash.</p></body></html>
"""


class HostCheck:
    """Refuses requests whose ``Host`` (or trusted ``X-Forwarded-Host``) is not
    a known name: 403, JSON for the API, a short page elsewhere; see the module."""

    def __init__(self, settings: Settings) -> None:
        self.off = "*" in settings.allowed_hosts
        self.trusted_proxies = settings.trusted_proxies
        names = {"localhost"}
        suffixes = list(LOCAL_SUFFIXES)
        for entry in settings.allowed_hosts:
            names.add(entry.lstrip("."))
            if entry.startswith("."):
                suffixes.append(entry)
        if settings.public_url:
            names.add((urlsplit(settings.public_url).hostname or "").rstrip("."))
        names.add(settings.host.lower().strip("[]"))
        self.names = frozenset(names)
        self.suffixes = tuple(suffixes)
        # Pure in its argument, so remembered: a request costs a lookup.
        self.verdict: Callable[[str], bool | str | None] = functools.lru_cache(
            maxsize=VERDICTS_KEPT
        )(self._verdict)

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        if self.off or req.path == WEBHOOK_PATH:
            return
        env = req.env
        host, header = env.get("HTTP_HOST"), "the Host header"
        forwarded = env.get("HTTP_X_FORWARDED_HOST") if self.trusted_proxies else None
        if forwarded and from_trusted_proxy(req.remote_addr, self.trusted_proxies):
            first = forwarded.split(",")[0].strip()  # the client's, as in cross_site
            host, header = first or host, "X-Forwarded-Host" if first else header
        if not host:
            if host is None and env.get("SERVER_PROTOCOL") == "HTTP/1.1":
                raise falcon.HTTPBadRequest(
                    title="No Host header", description="an HTTP/1.1 request must send Host"
                )
            return
        verdict = self.verdict(host) if len(host) <= MAX_HOST_LENGTH else None
        if verdict is True:
            return
        if not isinstance(verdict, str):
            raise falcon.HTTPBadRequest(
                title="Bad Host header",
                description=f"{host[:200]!r} ({header}) is not a host name or address",
            )
        _refuse(req, resp, verdict, header)

    def _verdict(self, host: str) -> bool | str | None:
        """True for a known host, its name for an unknown one, None for a
        value that is not a host (with an optional port) at all."""
        match = _HOST.fullmatch(host.strip().lower())
        if match is None:
            return None
        if match[1] is not None:
            return _is_address(match[1], ipaddress.IPv6Address) or None
        name = match[2].removesuffix(".")
        if not name or name.startswith(".") or ".." in name:
            return None
        if name.rpartition(".")[2].isdigit():  # a number: browsers read it as IPv4
            return _is_address(name, ipaddress.IPv4Address) or None
        if name in self.names or "." not in name or name.endswith(self.suffixes):
            return True
        return name


def _is_address(text: str, kind: type[ipaddress.IPv4Address | ipaddress.IPv6Address]) -> bool:
    try:
        kind(text)
    except ValueError:
        return False
    return True


def _refuse(req: falcon.Request, resp: falcon.Response, name: str, header: str) -> None:
    """Answers 403 naming the settings that would let ``name`` in."""
    path = req.path
    if path.startswith(MACHINE_PREFIXES) or path == "/api":
        raise falcon.HTTPForbidden(
            title="Unknown host name",
            description=(
                f"diundash does not answer to {name!r} ({header}): a page elsewhere can point "
                "a name it owns at this address (DNS rebinding). If it is this dashboard's "
                "address, add it to ALLOWED_HOSTS or set PUBLIC_URL to the address the page "
                "is opened at"
            ),
        )
    resp.status = falcon.HTTP_403
    resp.content_type = falcon.MEDIA_HTML
    resp.cache_control = ["no-store"]
    resp.text = PAGE.format(name=html.escape(name), header=html.escape(header))
    resp.complete = True
