"""The projector: one small handler per event type. Nothing else writes the
read tables. Handlers take time and ids from the event, never the clock."""

from collections.abc import Callable
from typing import Any

import orjson
from peewee import SqliteDatabase

from diundash.events.types import (
    Event,
    StoredEvent,
    TagAssigned,
    TagCreated,
    TagDeleted,
    TagUnassigned,
    UpdateDismissed,
    UpdateReceived,
)
from diundash.projections.tables import AssignmentRow, ProjectionStateRow, TagRow, UpdateRow

# DIUN body fields copied into same-named columns, and metadata keys into ctn_* columns.
BODY_COLUMNS = (
    "diun_version",
    "hostname",
    "status",
    "provider",
    "hub_link",
    "mime_type",
    "digest",
    "created",
    "platform",
)
METADATA_COLUMNS = {
    "ctn_name": "ctn_names",
    "ctn_id": "ctn_id",
    "ctn_state": "ctn_state",
    "ctn_status": "ctn_status",
}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _on_update_received(db: SqliteDatabase, event: UpdateReceived) -> None:
    body = event.body
    metadata = body.get("metadata")
    metadata = metadata if isinstance(metadata, dict) else {}
    row: dict[str, Any] = {column: _text(body.get(column)) for column in BODY_COLUMNS}
    row.update({column: _text(metadata.get(key)) for column, key in METADATA_COLUMNS.items()})
    row.update(
        image=event.image,
        received_at=event.received_at,
        acknowledged_at=None,
        event_json=orjson.dumps(body).decode(),
    )
    UpdateRow.replace(**row).execute(db)


def _on_update_dismissed(db: SqliteDatabase, event: UpdateDismissed) -> None:
    UpdateRow.update(acknowledged_at=event.dismissed_at).where(
        UpdateRow.image == event.image
    ).execute(db)


def _on_tag_created(db: SqliteDatabase, event: TagCreated) -> None:
    TagRow.insert(id=event.id, name=event.name).execute(db)


def _on_tag_deleted(db: SqliteDatabase, event: TagDeleted) -> None:
    AssignmentRow.delete().where(AssignmentRow.tag_id == event.id).execute(db)
    TagRow.delete().where(TagRow.id == event.id).execute(db)


def _on_tag_assigned(db: SqliteDatabase, event: TagAssigned) -> None:
    AssignmentRow.replace(image=event.image, tag_id=event.tag_id).execute(db)


def _on_tag_unassigned(db: SqliteDatabase, event: TagUnassigned) -> None:
    AssignmentRow.delete().where(AssignmentRow.image == event.image).execute(db)


HANDLERS: dict[type, Callable[[SqliteDatabase, Any], None]] = {
    UpdateReceived: _on_update_received,
    UpdateDismissed: _on_update_dismissed,
    TagCreated: _on_tag_created,
    TagDeleted: _on_tag_deleted,
    TagAssigned: _on_tag_assigned,
    TagUnassigned: _on_tag_unassigned,
}


def project(db: SqliteDatabase, stored: StoredEvent) -> None:
    """Apply one stored event to the read tables and record its position.

    Runs inside the caller's transaction, the same one that appended it.
    """
    event: Event = stored.event
    HANDLERS[type(event)](db, event)
    ProjectionStateRow.update(position=stored.position).where(ProjectionStateRow.id == 1).execute(
        db
    )
