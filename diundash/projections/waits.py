"""How long updates wait: the log followed event by event, keeping the
receipt each pending host entry waits on, and telling when a wait ends.

A wait starts at an entry's receipt (its latest: the time the list shows)
and ends when a dismissal acknowledges it or a deployment of the build it
waits on is reported (``POST /api/deployments``); forgetting the image or the
host ends it without a resolution, and a new receipt while it waits starts
it again. As in the read model, a receipt of the build an entry was
dismissed with (skip this build) keeps it dismissed: no wait starts; and
``diun notif test``'s image never waits. A snooze is no resolution: the
wait runs on through it until a dismissal or a deployment. What waits at the start is read with
``entry_states`` (the read tables) or from a snapshot's read model, so
both agree with the list.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from diundash.clock import parse_rfc3339
from diundash.events.types import (
    Event,
    HostForgotten,
    HostRenamed,
    UpdateDeployed,
    UpdateDismissed,
    UpdateForgotten,
    UpdateReceived,
)
from diundash.image_refs import is_connection_test
from diundash.projections.read_model import ReadModel
from diundash.projections.update_entries import hostname_of, text_field


@dataclass(frozen=True)
class Resolution:
    """A wait that ended: ``host``'s entry of ``image``, received at
    ``received_at`` and resolved (``how``: dismissed or deployed) at
    ``resolved_at``."""

    host: str
    image: str
    received_at: str
    resolved_at: str
    how: str

    @property
    def seconds(self) -> float:
        """How long it waited (never less than 0)."""
        start, end = parse_rfc3339(self.received_at), parse_rfc3339(self.resolved_at)
        if start is None or end is None:
            return 0.0
        return max(0.0, (end - start).total_seconds())


# One host entry at the start: image, host, received_at, digest, and
# whether it waits (pending or snoozed) or was dismissed.
StartEntry = tuple[str, str, str, str, bool]


class Waits:
    """The waiting entries at ``position`` of the log (``pending``: image ->
    host -> the time of the receipt it waits on), and the digest each
    entry's latest receipt carried (``digests``: (image, host) -> digest),
    with which a dismissed one was dismissed."""

    def __init__(self, position: int = 0) -> None:
        self.position = position
        self.pending: dict[str, dict[str, str]] = {}
        self.digests: dict[tuple[str, str], str] = {}

    @classmethod
    def of(cls, position: int, entries: Iterable[StartEntry]) -> "Waits":
        """The waits of the host ``entries`` at ``position``."""
        waits = cls(position)
        for image, host, received_at, digest, waiting in entries:
            if is_connection_test(image):
                continue
            waits.digests[image, host] = digest
            if waiting:
                waits.pending.setdefault(image, {})[host] = received_at
        return waits

    @classmethod
    def of_model(cls, model: ReadModel) -> "Waits":
        """The waits of a folded read model's entries."""
        return cls.of(
            model.position,
            (
                (
                    image,
                    host,
                    entry.received_at,
                    entry.columns[1],  # the digest (HOST_COLUMNS)
                    entry.acknowledged_at is None or entry.snoozed_until is not None,
                )
                for image, hosts in model.entries.items()
                for host, entry in hosts.items()
            ),
        )

    def follow(self, position: int, event: Event) -> list[Resolution]:
        """Move on past ``event`` (at ``position``); the waits it ended."""
        self.position = position
        if isinstance(event, UpdateReceived):
            self._received(event)
        elif isinstance(event, UpdateDismissed):
            return self._dismissed(event)
        elif isinstance(event, UpdateDeployed):
            return self._deployed(event)
        elif isinstance(event, UpdateForgotten):
            hosts = self.pending.get(event.image, {})
            for host in list(hosts) if event.host is None else [event.host]:
                hosts.pop(host, None)
            for image, host in list(self.digests):
                if image == event.image and event.host in (None, host):
                    del self.digests[image, host]
            self._drop_if_empty(event.image)
        elif isinstance(event, HostForgotten):
            for image, hosts in list(self.pending.items()):
                if hosts.pop(event.hostname, None) is not None:
                    self._drop_if_empty(image)
            for key in [key for key in self.digests if key[1] == event.hostname]:
                del self.digests[key]
        elif isinstance(event, HostRenamed):
            for hosts in self.pending.values():
                if event.hostname in hosts:
                    hosts[event.new_hostname] = hosts.pop(event.hostname)
            for image, host in [key for key in self.digests if key[1] == event.hostname]:
                self.digests[image, event.new_hostname] = self.digests.pop((image, host))
        return []

    def _received(self, event: UpdateReceived) -> None:
        if is_connection_test(event.image):
            return
        host = hostname_of(event.body)
        digest = text_field(event.body, "digest")
        waiting = host in self.pending.get(event.image, {})
        known = self.digests.get((event.image, host))
        self.digests[event.image, host] = digest
        if not waiting and known is not None and digest and digest == known:
            return  # the build it was dismissed with: it stays dismissed
        self.pending.setdefault(event.image, {})[host] = event.received_at

    def _dismissed(self, event: UpdateDismissed) -> list[Resolution]:
        hosts = self.pending.get(event.image, {})
        chosen = list(hosts) if event.host is None else [event.host] if event.host in hosts else []
        ended = [
            Resolution(host, event.image, hosts.pop(host), event.dismissed_at, "dismissed")
            for host in chosen
        ]
        self._drop_if_empty(event.image)
        return ended

    def _deployed(self, event: UpdateDeployed) -> list[Resolution]:
        hosts = self.pending.get(event.image, {})
        key = (event.image, event.host)
        if event.host not in hosts or self.digests.get(key) != event.digest:
            return []  # not waiting, or another build: the projection ignores it too
        received_at = hosts.pop(event.host)
        self._drop_if_empty(event.image)
        return [Resolution(event.host, event.image, received_at, event.deployed_at, "deployed")]

    def _drop_if_empty(self, image: str) -> None:
        if not self.pending.get(image, True):
            del self.pending[image]
