"""Upgrading stored event data from older schema versions when it is read.

Stored rows are never rewritten: a reader of version N data gets the current
shape by applying ``upcast_<type>_v<N>_v<N+1>`` functions in order.
"""

from collections.abc import Callable
from typing import Any

from diundash.events.types import EVENT_TYPES, Event

Data = dict[str, Any]
Upcaster = Callable[[Data, str], Data]


class UnreadableEvent(ValueError):
    """The log holds an event this code cannot read: an unknown type or
    schema version, or data that does not fit its type."""


def upcast_update_received_v1_v2(data: Data, recorded_at: str) -> Data:
    """Version 1 stored the DIUN body itself and took the receipt time from
    ``recorded_at``; version 2 wraps the body and carries ``received_at``."""
    return {"body": data, "received_at": recorded_at}


def upcast_update_dismissed_v1_v2(data: Data, recorded_at: str) -> Data:
    """Version 1 dismissals knew no hosts: they meant every host (None)."""
    return {**data, "host": None}


UPCASTERS: dict[tuple[str, int], Upcaster] = {
    ("UpdateReceived", 1): upcast_update_received_v1_v2,
    ("UpdateDismissed", 1): upcast_update_dismissed_v1_v2,
}


def upcast(type_name: str, version: int, data: Data, recorded_at: str) -> Data:
    """Return ``data`` of ``type_name`` at ``version`` in the current schema."""
    event_type = EVENT_TYPES.get(type_name)
    if event_type is None:
        raise UnreadableEvent(f"unknown event type {type_name!r}")
    if not 1 <= version <= event_type.VERSION:
        raise UnreadableEvent(f"{type_name} has no schema version {version}")
    while version < event_type.VERSION:
        data = UPCASTERS[(type_name, version)](data, recorded_at)
        version += 1
    return data


def decode_event(type_name: str, version: int, data: Any, recorded_at: str) -> Event:
    """The current-schema event that stored ``data`` of ``type_name`` at
    ``version`` stands for, checked field by field."""
    if not isinstance(data, dict):
        raise UnreadableEvent(f"{type_name} data must be a JSON object")
    event_type = EVENT_TYPES.get(type_name)
    if event_type is None or version != event_type.VERSION:  # unknown, or to upcast
        data = upcast(type_name, version, data, recorded_at)
        event_type = EVENT_TYPES[type_name]
    try:
        return event_type.from_fields(data)
    except (TypeError, ValueError) as error:
        raise UnreadableEvent(f"{type_name} data does not fit: {error}") from None
