"""How long updates wait: the log followed event by event, keeping the
receipt each pending host entry waits on, and telling when a wait ends.

A wait starts at an entry's receipt (its latest: the time the list shows)
and ends when a dismissal acknowledges it; forgetting the image or the
host ends it without a resolution, and a new receipt while it waits starts
it again. Deployments (and snoozes that end) join ``follow`` here when
their events exist. What is pending at the start is read with
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
    UpdateDismissed,
    UpdateForgotten,
    UpdateReceived,
)
from diundash.projections.read_model import ReadModel
from diundash.projections.update_entries import hostname_of


@dataclass(frozen=True)
class Resolution:
    """A wait that ended: ``host``'s entry of ``image``, received at
    ``received_at`` and resolved (``how``: dismissed) at ``resolved_at``."""

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


class Waits:
    """The pending entries at ``position`` of the log: image -> host -> the
    time of the receipt it waits on."""

    def __init__(self, position: int = 0) -> None:
        self.position = position
        self.pending: dict[str, dict[str, str]] = {}

    @classmethod
    def of(cls, position: int, entries: Iterable[tuple[str, str, str]]) -> "Waits":
        """The waits of the pending ``entries`` (image, host, received_at) at ``position``."""
        waits = cls(position)
        for image, host, received_at in entries:
            waits.pending.setdefault(image, {})[host] = received_at
        return waits

    @classmethod
    def of_model(cls, model: ReadModel) -> "Waits":
        """The waits of a folded read model's pending entries."""
        return cls.of(
            model.position,
            (
                (image, host, entry.received_at)
                for image, hosts in model.entries.items()
                for host, entry in hosts.items()
                if entry.acknowledged_at is None
            ),
        )

    def follow(self, position: int, event: Event) -> list[Resolution]:
        """Move on past ``event`` (at ``position``); the waits it ended."""
        self.position = position
        if isinstance(event, UpdateReceived):
            self.pending.setdefault(event.image, {})[hostname_of(event.body)] = event.received_at
        elif isinstance(event, UpdateDismissed):
            return self._dismissed(event)
        elif isinstance(event, UpdateForgotten):
            hosts = self.pending.get(event.image, {})
            if event.host is None:
                hosts.clear()
            else:
                hosts.pop(event.host, None)
            self._drop_if_empty(event.image)
        elif isinstance(event, HostForgotten):
            for image, hosts in list(self.pending.items()):
                if hosts.pop(event.hostname, None) is not None:
                    self._drop_if_empty(image)
        elif isinstance(event, HostRenamed):
            for hosts in self.pending.values():
                if event.hostname in hosts:
                    hosts[event.new_hostname] = hosts.pop(event.hostname)
        return []

    def _dismissed(self, event: UpdateDismissed) -> list[Resolution]:
        hosts = self.pending.get(event.image, {})
        chosen = list(hosts) if event.host is None else [event.host] if event.host in hosts else []
        ended = [
            Resolution(host, event.image, hosts.pop(host), event.dismissed_at, "dismissed")
            for host in chosen
        ]
        self._drop_if_empty(event.image)
        return ended

    def _drop_if_empty(self, image: str) -> None:
        if not self.pending.get(image, True):
            del self.pending[image]
