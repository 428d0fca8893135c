"""The event types: one per kind of accepted change.

Each is a frozen dataclass with a stable ``TYPE`` name (never the Python
class path) and the ``VERSION`` of its current schema. Times are RFC 3339 UTC
text decided when the change was accepted, so projecting is deterministic.
"""

from dataclasses import dataclass, field
from typing import Any, ClassVar


@dataclass(frozen=True)
class UpdateReceived:
    """DIUN reported an image update; ``body`` is the webhook body as sent."""

    TYPE: ClassVar[str] = "UpdateReceived"
    VERSION: ClassVar[int] = 2

    body: dict[str, Any] = field(hash=False)
    received_at: str

    @property
    def image(self) -> str:
        return str(self.body["image"])


@dataclass(frozen=True)
class UpdateDismissed:
    """A person acknowledged the pending update of ``image``."""

    TYPE: ClassVar[str] = "UpdateDismissed"
    VERSION: ClassVar[int] = 1

    image: str
    dismissed_at: str


@dataclass(frozen=True)
class TagCreated:
    """A tag was created; its ``id`` is decided here so a replay keeps it."""

    TYPE: ClassVar[str] = "TagCreated"
    VERSION: ClassVar[int] = 1

    id: int
    name: str


@dataclass(frozen=True)
class TagDeleted:
    """A tag was deleted, and with it every assignment to it."""

    TYPE: ClassVar[str] = "TagDeleted"
    VERSION: ClassVar[int] = 1

    id: int
    name: str


@dataclass(frozen=True)
class TagAssigned:
    """``image`` was put under tag ``tag_id`` (an image has at most one tag)."""

    TYPE: ClassVar[str] = "TagAssigned"
    VERSION: ClassVar[int] = 1

    image: str
    tag_id: int


@dataclass(frozen=True)
class TagUnassigned:
    """``image`` no longer has a tag."""

    TYPE: ClassVar[str] = "TagUnassigned"
    VERSION: ClassVar[int] = 1

    image: str


Event = UpdateReceived | UpdateDismissed | TagCreated | TagDeleted | TagAssigned | TagUnassigned

EVENT_TYPES: dict[str, type[Event]] = {
    cls.TYPE: cls
    for cls in (UpdateReceived, UpdateDismissed, TagCreated, TagDeleted, TagAssigned, TagUnassigned)
}


@dataclass(frozen=True)
class Audit:
    """Where a change came from: ``source`` is webhook, api, cli or import."""

    source: str
    remote_addr: str | None = None
    request_id: str | None = None


@dataclass(frozen=True)
class StoredEvent:
    """An event as read back from the log, upcast to its current schema."""

    position: int
    event: Event
    version: int
    recorded_at: str
    audit: Audit
