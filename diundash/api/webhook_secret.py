"""``WEBHOOK_SECRET``: DIUN sends it as the ``Authorization`` header.

The right secret is checked first, in constant time, and costs nothing more
unless its source is held here for guessing (``auth/throttle.py``); only a
wrong one touches the database, to count it."""

import hmac

import falcon

from diundash.api.client_source import client_source
from diundash.auth.throttle import WebhookThrottle
from diundash.config import IpNetwork


class WebhookSecret:
    """Refuses a webhook without the secret (401), or from a source in its
    wait after guessing (429); passes any when no secret is set."""

    def __init__(
        self, secret: str, throttle: WebhookThrottle, trusted_proxies: tuple[IpNetwork, ...] = ()
    ) -> None:
        self.secret = secret.encode()
        self.throttle = throttle
        self.trusted_proxies = trusted_proxies

    def __call__(self, req: falcon.Request) -> None:
        if not self.secret:
            return
        source = None
        if self.throttle.has_suspects:
            source = client_source(req, self.trusted_proxies)
            wait = self.throttle.held(source)
            if wait > 0:
                raise _held(wait)
        given = req.get_header("Authorization") or ""
        if hmac.compare_digest(given.encode("utf-8", "surrogatepass"), self.secret):
            if source is not None:
                self.throttle.passed(source)
            return
        refusal = self.throttle.failed(source or client_source(req, self.trusted_proxies), given)
        if refusal.held:
            raise _held(refusal.wait)
        raise falcon.HTTPUnauthorized(
            description="missing or wrong Authorization header: it must equal WEBHOOK_SECRET"
        )


def _held(wait: float) -> falcon.HTTPError:
    return falcon.HTTPTooManyRequests(
        description="wrong Authorization headers came from this address: nothing from it is "
        f"looked at for {wait:.0f} s more; it must equal WEBHOOK_SECRET",
        retry_after=max(1, round(wait)),
    )
