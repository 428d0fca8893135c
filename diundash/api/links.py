"""Links out of the API to the page, and the ids that name one update
wherever it is shown (start pages, feeds, WUD-shaped containers)."""

import uuid
from urllib.parse import quote

import falcon

from diundash.api.client_source import addressed_origin
from diundash.config import IpNetwork

# A fixed namespace: ids derived from it are the same on every instance and
# after every rebuild, so a feed reader or a start page never sees an update twice.
UPDATE_NAMESPACE = uuid.UUID("3c7f1d2e-5b8a-4f61-9d0e-6a2b4c8e1f35")


class PageLinks:
    """Where the page is: ``PUBLIC_URL`` when set, else the address the
    request was sent to (a trusted proxy's forwarded name and scheme
    included). Behind a proxy that serves the page under a sub-path only
    ``PUBLIC_URL`` can say so."""

    def __init__(self, public_url: str, trusted_proxies: tuple[IpNetwork, ...]) -> None:
        self.public_url = public_url.rstrip("/") + "/" if public_url else ""
        self.trusted_proxies = trusted_proxies

    def base(self, req: falcon.Request) -> str:
        """The page's address, ending in ``/``."""
        if self.public_url:
            return self.public_url
        return (addressed_origin(req, self.trusted_proxies) or req.prefix) + "/"

    @staticmethod
    def image(base: str, image: str) -> str:
        """The page at ``base`` with ``image``'s history open."""
        return f"{base}?image={quote(image, safe='')}"


def update_id(host: str, image: str, digest: str) -> str:
    """The id of the update ``host`` reported for ``image`` at ``digest``:
    the same for every receipt of it, whoever asks."""
    return str(uuid.uuid5(UPDATE_NAMESPACE, f"{host}\n{image}\n{digest}"))
