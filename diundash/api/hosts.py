"""``/api/hosts``: the Docker hosts whose DIUN reported; forgetting and renaming one."""

from collections.abc import Collection
from datetime import timedelta

import falcon

from diundash.api.audit import audit_of
from diundash.api.body import read_json_object
from diundash.clock import Clock, format_utc
from diundash.commands import Commands
from diundash.input_rules import check_host_name, check_new_host_name
from diundash.projections.queries import Queries


class HostsResource:
    """``GET /api/hosts``: each host with an entry or a silence, or whose
    DIUN metrics are read (``watched``, HEARTBEAT_URLS): its image and
    pending counts, when it last reported and with which DIUN version, its
    DIUN's last check and since when it has been silent, whether it has an
    update hook (``hooked``, UPDATE_HOOKS: never the hook itself), and
    whether it is ``stale``: silent, or for a host whose metrics are not
    read, no report for longer than ``stale_after`` (STALE_AFTER)."""

    def __init__(
        self,
        queries: Queries,
        clock: Clock,
        stale_after: timedelta,
        watched: Collection[str] = (),
        hooked: Collection[str] = (),
    ) -> None:
        self.queries = queries
        self.clock = clock
        self.stale_after = stale_after
        self.watched, self.hooked = frozenset(watched), frozenset(hooked)

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.cache_control = ["no-cache"]
        stale_before = format_utc(self.clock() - self.stale_after)
        hosts = []
        for host in self.queries.hosts(self.watched):
            watched = host["hostname"] in self.watched
            quiet = not watched and (host["last_seen"] or "") < stale_before
            hosts.append(
                {
                    **host,
                    "stale": host["silent_since"] is not None or quiet,
                    "heartbeat": watched,
                    "update_hook": host["hostname"] in self.hooked,
                }
            )
        resp.media = hosts


class HostResource:
    """``DELETE /api/hosts/{hostname}`` forgets a host and every entry it
    reported; ``POST /api/hosts/{hostname}/rename`` with ``{"hostname": new}``
    moves its entries under a new name. (The host without a name is forgotten
    image by image: ``DELETE /api/updates/{image}?host=``.)"""

    def __init__(self, commands: Commands) -> None:
        self.commands = commands

    def on_delete(self, req: falcon.Request, resp: falcon.Response, hostname: str) -> None:
        check_host_name(hostname, "the host name in the URL")
        self.commands.forget_host(hostname, audit_of(req, "api"))
        resp.status = falcon.HTTP_204

    def on_post_rename(self, req: falcon.Request, resp: falcon.Response, hostname: str) -> None:
        check_host_name(hostname, "the host name in the URL")
        new_hostname = read_json_object(req).get("hostname")
        if not isinstance(new_hostname, str) or not new_hostname.strip():
            raise falcon.HTTPBadRequest(description="'hostname' must be a non-empty string")
        new_hostname = new_hostname.strip()
        check_new_host_name(new_hostname)
        self.commands.rename_host(hostname, new_hostname, audit_of(req, "api"))
        resp.status = falcon.HTTP_204
