"""Upgrading stored event data from older schema versions when it is read.

Stored rows are never rewritten: a reader of version N data gets the current
shape by applying ``upcast_<type>_v<N>_v<N+1>`` functions in order.
"""

from collections.abc import Callable
from typing import Any

from diundash.events.types import EVENT_TYPES

Data = dict[str, Any]
Upcaster = Callable[[Data, str], Data]


class UnknownEventType(LookupError):
    """The log holds an event type or version this code cannot read."""


def upcast_update_received_v1_v2(data: Data, recorded_at: str) -> Data:
    """Version 1 stored the DIUN body itself and took the receipt time from
    ``recorded_at``; version 2 wraps the body and carries ``received_at``."""
    return {"body": data, "received_at": recorded_at}


UPCASTERS: dict[tuple[str, int], Upcaster] = {
    ("UpdateReceived", 1): upcast_update_received_v1_v2,
}


def upcast(type_name: str, version: int, data: Data, recorded_at: str) -> Data:
    """Return ``data`` of ``type_name`` at ``version`` in the current schema."""
    event_type = EVENT_TYPES.get(type_name)
    if event_type is None:
        raise UnknownEventType(f"unknown event type {type_name!r}")
    if not 1 <= version <= event_type.VERSION:
        raise UnknownEventType(f"{type_name} has no schema version {version}")
    while version < event_type.VERSION:
        data = UPCASTERS[(type_name, version)](data, recorded_at)
        version += 1
    return data
