"""The projector: one small handler per event type. Nothing else writes the
read tables. Handlers take time and ids from the event, never the clock."""

from collections.abc import Callable
from typing import Any

import orjson
from peewee import Database

from diundash.diun import DOCKER_METADATA_COLUMNS, TEXT_FIELDS
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

# DIUN's text fields and ``created`` fill same-named columns; docker
# metadata fills the ctn_* columns.
BODY_COLUMNS = (*TEXT_FIELDS, "created")

# Plain statements, prepared once: building them through peewee's query
# builder cost about a millisecond per event, which a replay of a long log
# (and every as_of request) pays for each event.
UPDATE_COLUMNS = ("image", *BODY_COLUMNS, *DOCKER_METADATA_COLUMNS, "received_at", "event_json")
UPSERT_UPDATE = (
    f"INSERT INTO updates ({', '.join(UPDATE_COLUMNS)}, acknowledged_at) "
    f"VALUES ({', '.join('?' * len(UPDATE_COLUMNS))}, NULL) ON CONFLICT (image) DO UPDATE SET "
    + ", ".join(f"{column} = excluded.{column}" for column in UPDATE_COLUMNS[1:])
    + ", acknowledged_at = NULL"
)
DISMISS_UPDATE = "UPDATE updates SET acknowledged_at = ? WHERE image = ?"
INSERT_TAG = "INSERT INTO tags (id, name) VALUES (?, ?)"
# Tag ids are never reused: the counter only moves up.
COUNT_TAG_ID = "UPDATE projection_state SET last_tag_id = ? WHERE id = 1 AND last_tag_id < ?"
DELETE_TAG_ASSIGNMENTS = "DELETE FROM tag_assignments WHERE tag_id = ?"
DELETE_TAG = "DELETE FROM tags WHERE id = ?"
ASSIGN_TAG = (
    "INSERT INTO tag_assignments (image, tag_id) VALUES (?, ?) "
    "ON CONFLICT (image) DO UPDATE SET tag_id = excluded.tag_id"
)
UNASSIGN_TAG = "DELETE FROM tag_assignments WHERE image = ?"
SET_POSITION = "UPDATE projection_state SET position = ? WHERE id = 1"


def _text(value: Any) -> str:
    # NUL is dropped from the text columns (PostgreSQL cannot store it); the
    # body is kept whole in event_json, where JSON escapes it.
    return value.replace("\x00", "") if isinstance(value, str) else ""


def _on_update_received(db: Database, event: UpdateReceived) -> None:
    body = event.body
    metadata = body.get("metadata")
    metadata = metadata if isinstance(metadata, dict) else {}
    db.execute_sql(
        UPSERT_UPDATE,
        (
            event.image,
            *(_text(body.get(column)) for column in BODY_COLUMNS),
            *(_text(metadata.get(key)) for key in DOCKER_METADATA_COLUMNS.values()),
            event.received_at,
            orjson.dumps(body).decode(),
        ),
    )


def _on_update_dismissed(db: Database, event: UpdateDismissed) -> None:
    db.execute_sql(DISMISS_UPDATE, (event.dismissed_at, event.image))


def _on_tag_created(db: Database, event: TagCreated) -> None:
    db.execute_sql(INSERT_TAG, (event.id, event.name))
    db.execute_sql(COUNT_TAG_ID, (event.id, event.id))


def _on_tag_deleted(db: Database, event: TagDeleted) -> None:
    db.execute_sql(DELETE_TAG_ASSIGNMENTS, (event.id,))
    db.execute_sql(DELETE_TAG, (event.id,))


def _on_tag_assigned(db: Database, event: TagAssigned) -> None:
    db.execute_sql(ASSIGN_TAG, (event.image, event.tag_id))


def _on_tag_unassigned(db: Database, event: TagUnassigned) -> None:
    db.execute_sql(UNASSIGN_TAG, (event.image,))


HANDLERS: dict[type, Callable[[Database, Any], None]] = {
    UpdateReceived: _on_update_received,
    UpdateDismissed: _on_update_dismissed,
    TagCreated: _on_tag_created,
    TagDeleted: _on_tag_deleted,
    TagAssigned: _on_tag_assigned,
    TagUnassigned: _on_tag_unassigned,
}


def project(db: Database, stored: StoredEvent) -> None:
    """Apply one stored event to the read tables and record its position.

    Runs inside the caller's transaction, the same one that appended it.
    """
    event: Event = stored.event
    HANDLERS[type(event)](db, event)
    db.execute_sql(SET_POSITION, (stored.position,))
