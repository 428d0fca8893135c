"""What's Up Docker's API shape, for the widgets that read it already:
Homepage's ``whatsupdocker`` widget (``GET {url}/api/containers``: it counts
the items and those with ``updateAvailable``) and Homarr's WUD integration
(the same, each item checked for ``id``, ``name`` and ``updateAvailable``;
``GET {url}/api/app`` must answer JSON when the integration is tested).

An item is an image on a host (WUD's container on its watcher): WUD's
fields where diundash knows them, and ``updateAvailable`` while the update
is pending."""

import importlib.metadata
import uuid
from typing import Any

import falcon

from diundash.api.body import host_param
from diundash.api.links import UPDATE_NAMESPACE, PageLinks
from diundash.image_refs import parse_image
from diundash.projections.entry_states import EntryState
from diundash.projections.queries import Queries


class ContainersResource:
    """``GET /api/containers``: one item per image and host, by host then
    image; ``host`` narrows it to one host."""

    def __init__(self, queries: Queries, links: PageLinks) -> None:
        self.queries = queries
        self.links = links

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        entries = self.queries.entry_states(host_param(req))
        base = self.links.base(req)
        resp.cache_control = ["no-cache"]
        resp.media = [container(entry, self.links.image(base, entry.image)) for entry in entries]


def container(entry: EntryState, link: str) -> dict[str, Any]:
    """An entry as WUD describes a container."""
    ref = parse_image(entry.image)
    tag = ref.tag or entry.digest or "latest"
    names = [name for name in entry.containers.split(",") if name]
    name = names[0] if names else ref.name.rsplit("/", 1)[-1]
    return {
        "id": str(uuid.uuid5(UPDATE_NAMESPACE, f"{entry.hostname}\n{entry.image}")),
        "name": name,
        "displayName": f"{name} on {entry.hostname}" if entry.hostname else name,
        "watcher": entry.hostname,
        "image": {"name": ref.name, "tag": {"value": tag}, "digest": {"watch": True}},
        "result": {"tag": tag, "digest": entry.digest},
        "updateAvailable": entry.pending,
        "updateKind": _update_kind(entry),
        "link": link,
    }


def _update_kind(entry: EntryState) -> dict[str, str]:
    # DIUN reports a new digest of the same tag: WUD's "digest" kind.
    if entry.pending:
        return {"kind": "digest", "remoteValue": entry.digest}
    return {"kind": "unknown"}


class AppResource:
    """``GET /api/app``: what WUD answers about itself, enough for a client
    that checks it is talking to one."""

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = {"name": "diundash", "version": importlib.metadata.version("diundash")}
