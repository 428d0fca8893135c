"""The projector: one small handler per event type. Nothing else writes the
read tables. Handlers take time and ids from the event, never the clock."""

from collections.abc import Callable
from typing import Any

from peewee import Database

from diundash.events.types import (
    Event,
    HostForgotten,
    HostRenamed,
    StoredEvent,
    TagAssigned,
    TagCreated,
    TagDeleted,
    TagUnassigned,
    TokenIssued,
    TokenRevoked,
    UpdateDismissed,
    UpdateForgotten,
    UpdateReceived,
)
from diundash.projections import update_entries

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
ISSUE_TOKEN = "INSERT INTO tokens (name, token_hash, read_only, issued_at) VALUES (?, ?, ?, ?)"
REVOKE_TOKEN = "DELETE FROM tokens WHERE name = ?"
SET_POSITION = "UPDATE projection_state SET position = ? WHERE id = 1"


def _on_tag_created(db: Database, event: TagCreated, position: int) -> None:
    db.execute_sql(INSERT_TAG, (event.id, event.name))
    db.execute_sql(COUNT_TAG_ID, (event.id, event.id))


def _on_tag_deleted(db: Database, event: TagDeleted, position: int) -> None:
    db.execute_sql(DELETE_TAG_ASSIGNMENTS, (event.id,))
    db.execute_sql(DELETE_TAG, (event.id,))


def _on_tag_assigned(db: Database, event: TagAssigned, position: int) -> None:
    db.execute_sql(ASSIGN_TAG, (event.image, event.tag_id))


def _on_tag_unassigned(db: Database, event: TagUnassigned, position: int) -> None:
    db.execute_sql(UNASSIGN_TAG, (event.image,))


def _on_token_issued(db: Database, event: TokenIssued, position: int) -> None:
    db.execute_sql(ISSUE_TOKEN, (event.name, event.token_hash, event.read_only, event.issued_at))


def _on_token_revoked(db: Database, event: TokenRevoked, position: int) -> None:
    db.execute_sql(REVOKE_TOKEN, (event.name,))


HANDLERS: dict[type, Callable[[Database, Any, int], None]] = {
    UpdateReceived: update_entries.on_update_received,
    UpdateDismissed: update_entries.on_update_dismissed,
    UpdateForgotten: update_entries.on_update_forgotten,
    HostForgotten: update_entries.on_host_forgotten,
    HostRenamed: update_entries.on_host_renamed,
    TagCreated: _on_tag_created,
    TagDeleted: _on_tag_deleted,
    TagAssigned: _on_tag_assigned,
    TagUnassigned: _on_tag_unassigned,
    TokenIssued: _on_token_issued,
    TokenRevoked: _on_token_revoked,
}


def project(db: Database, stored: StoredEvent) -> None:
    """Apply one stored event to the read tables and record its position.

    Runs inside the caller's transaction, the same one that appended it. A
    rebuild of many events folds them in memory instead (``fold.py``).
    """
    event: Event = stored.event
    HANDLERS[type(event)](db, event, stored.position)
    db.execute_sql(SET_POSITION, (stored.position,))
