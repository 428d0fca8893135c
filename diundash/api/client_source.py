"""Where a request comes from, as the throttles count it (``auth/throttle.py``).

The address diundash sees, unless that is one of ``TRUSTED_PROXIES``: then
``X-Forwarded-For`` is read from its end (the address the proxy appended)
back past the trusted proxies, to the first address none of them is. Behind
a proxy that is not trusted, every client is the proxy's address, and one
guesser makes every user wait. An IPv6 address counts by its /64, the block
one machine gets, so a guesser cannot change address for every attempt.
"""

import ipaddress
from collections.abc import Iterable

import falcon

from diundash.config import IpNetwork

IPV6_BLOCK = 64


def from_trusted_proxy(remote_addr: str | None, proxies: Iterable[IpNetwork]) -> bool:
    """Whether ``remote_addr`` is one of ``proxies`` (addresses or CIDR blocks)."""
    if not remote_addr:
        return False
    try:
        address = ipaddress.ip_address(remote_addr)
    except ValueError:
        return False
    return any(address in network for network in proxies)


def addressed_origin(req: falcon.Request, trusted_proxies: Iterable[IpNetwork]) -> str:
    """``scheme://host[:port]`` the request was sent to, as the client named
    it: ``Host``, or a trusted proxy's ``X-Forwarded-Host`` and
    ``X-Forwarded-Proto``; "" when the request names no host (HTTP/1.0)."""
    host, scheme = req.get_header("Host") or "", req.scheme
    if from_trusted_proxy(req.remote_addr, trusted_proxies):
        host = _first(req.get_header("X-Forwarded-Host")) or host
        scheme = _first(req.get_header("X-Forwarded-Proto")) or scheme
    return f"{scheme}://{host}" if host else ""


def _first(value: str | None) -> str:
    """The first of a comma-separated forwarded header's values (the client's)."""
    return (value or "").split(",")[0].strip()


def client_source(req: falcon.Request, trusted_proxies: tuple[IpNetwork, ...]) -> str:
    """The address (an IPv6 /64) ``req`` is counted under."""
    address = _address(req.remote_addr)
    if address is None:
        return req.remote_addr or "unknown"
    forwarded = req.get_header("X-Forwarded-For")
    if forwarded and _trusted(address, trusted_proxies):
        for hop in reversed(forwarded.split(",")):
            hop_address = _address(hop.strip())
            if hop_address is None:
                break  # not an address: the last trusted proxy is all that is known
            address = hop_address
            if not _trusted(address, trusted_proxies):
                break
    return _source(address)


def _address(text: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address((text or "").strip("[]"))
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, proxies: tuple[IpNetwork, ...]
) -> bool:
    return any(address in network for network in proxies)


def _source(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((address, IPV6_BLOCK), strict=False))
    return str(address)
