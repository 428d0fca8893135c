"""How an update stands, in one word: its ``resolution``.

A host's entry of an image is pending (None) until someone resolves it:
dismissed (acknowledged in the page or the API), or deployed (a deploy
script, a CI job or a person reported it, ``UpdateDeployed``). The Go
fields (``acknowledged``, ``acknowledged_at``) count either as acknowledged.
A new receipt makes it pending again.

``host_resolution`` is the one place that decides it for a host's entry;
``image_resolution`` adds the hosts of an image up. A snooze that has not
ended yet is ``"snoozed"`` (a deployment ends a snooze); it ends by itself.
"""

from collections.abc import Iterable
from typing import Literal

Resolution = Literal["dismissed", "snoozed", "deployed"]
RESOLUTIONS: tuple[Resolution, ...] = ("dismissed", "snoozed", "deployed")


def host_resolution(
    acknowledged_at: str | None, deployed_at: str | None, snoozed: bool = False
) -> Resolution | None:
    """The resolution of one host's entry: deployed once reported deployed,
    else snoozed while its snooze runs (``snoozed``; an ended snooze leaves
    the entry pending, without ``acknowledged_at`` in the list), else
    dismissed once acknowledged, else None (pending)."""
    if deployed_at is not None:
        return "deployed"
    if snoozed:
        return "snoozed"
    if acknowledged_at is not None:
        return "dismissed"
    return None


def image_resolution(
    hosts: Iterable[tuple[Resolution | None, str | None]],
) -> tuple[Resolution | None, str | None]:
    """An image's resolution and ``deployed_at`` from its hosts' (resolution,
    deployed_at): None while any host is pending; deployed, at the latest of
    their times, once every host is; snoozed while a resolved host's snooze
    runs (it comes back by itself); else dismissed."""
    resolutions, deployed = [], []
    for resolution, deployed_at in hosts:
        if resolution is None:
            return None, None
        resolutions.append(resolution)
        if deployed_at is not None:
            deployed.append(deployed_at)
    if not resolutions:
        return None, None
    if all(each == "deployed" for each in resolutions):
        return "deployed", max(deployed)
    return ("snoozed" if "snoozed" in resolutions else "dismissed"), None
