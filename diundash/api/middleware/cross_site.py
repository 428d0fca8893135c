"""Cross-site request protection: a state-changing request that a browser
marks as coming from another site is refused, whatever its Content-Type.

Browsers say where a request comes from in ``Sec-Fetch-Site`` (every current
one does); older ones send only ``Origin``, which must then name this site.
A request with neither header is not a browser's cross-site request (DIUN,
curl, scripts) and passes, as it would without this check.
"""

from urllib.parse import urlsplit

import falcon

from diundash.api.client_source import addressed_origin
from diundash.config import IpNetwork

SAFE_METHODS = frozenset(("GET", "HEAD", "OPTIONS"))
# "none": the user typed the address or used a bookmark; not another site.
SAME_SITE_FETCHES = frozenset(("same-origin", "none"))


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of ``url``, lower-case, without a default port."""
    split = urlsplit(url.strip())
    scheme = split.scheme.lower()
    host = (split.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    try:
        port = split.port
    except ValueError:
        return ""
    default = {"http": 80, "https": 443}.get(scheme)
    return f"{scheme}://{host}" + ("" if port in (None, default) else f":{port}")


class CrossSiteProtection:
    """Refuses (403 JSON) unsafe methods from another site; see the module."""

    def __init__(self, trusted_proxies: tuple[IpNetwork, ...] = (), public_url: str = "") -> None:
        self.trusted_proxies = trusted_proxies
        self.public_origin = origin_of(public_url) if public_url else ""

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        if req.method in SAFE_METHODS:
            return
        refusal = self.refusal(req)
        if refusal is not None:
            raise falcon.HTTPForbidden(title="Cross-site request refused", description=refusal)

    def refusal(self, req: falcon.Request) -> str | None:
        """Why ``req`` is refused, or None when it may go on."""
        fetch_site = req.get_header("Sec-Fetch-Site")
        if fetch_site is not None:
            if fetch_site.strip().lower() in SAME_SITE_FETCHES:
                return None
            return (
                f"the browser marked this {req.method} as {fetch_site} (Sec-Fetch-Site): "
                "only pages of this site may change things here"
            )
        origin = req.get_header("Origin")
        if origin is None:
            return None
        site_origins = self.site_origins(req)
        if origin_of(origin) in site_origins:
            return None
        return (
            f"the request comes from {origin} (Origin), not from this site "
            f"({', '.join(sorted(site_origins))}); behind a proxy that rewrites Host, "
            "set PUBLIC_URL or TRUSTED_PROXIES"
        )

    def site_origins(self, req: falcon.Request) -> set[str]:
        """The origins this site answers as: ``PUBLIC_URL``'s, and the one the
        request was addressed to (forwarded headers only from trusted proxies)."""
        addressed = addressed_origin(req, self.trusted_proxies)
        origins = {origin_of(addressed)} if addressed else set()
        if self.public_origin:
            origins.add(self.public_origin)
        return origins
