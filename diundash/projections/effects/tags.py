"""What the tag events do: tags created and deleted, images put under a tag
and taken out of it. Each event's live handler stands beside its fold."""

from peewee import Database

from diundash.events.types import TagAssigned, TagCreated, TagDeleted, TagUnassigned
from diundash.projections.read_model import Effect, ReadModel, RefusedEvent

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


def _project_created(db: Database, event: TagCreated, position: int) -> None:
    db.execute_sql(INSERT_TAG, (event.id, event.name))
    db.execute_sql(COUNT_TAG_ID, (event.id, event.id))


def _fold_created(model: ReadModel, event: TagCreated, position: int) -> None:
    model.tags[event.id] = event.name
    model.last_tag_id = max(model.last_tag_id, event.id)


def _project_deleted(db: Database, event: TagDeleted, position: int) -> None:
    db.execute_sql(DELETE_TAG_ASSIGNMENTS, (event.id,))
    db.execute_sql(DELETE_TAG, (event.id,))


def _fold_deleted(model: ReadModel, event: TagDeleted, position: int) -> None:
    model.assignments = {i: t for i, t in model.assignments.items() if t != event.id}
    model.tags.pop(event.id, None)


def _project_assigned(db: Database, event: TagAssigned, position: int) -> None:
    db.execute_sql(ASSIGN_TAG, (event.image, event.tag_id))


def _fold_assigned(model: ReadModel, event: TagAssigned, position: int) -> None:
    if event.tag_id not in model.tags:  # the live tables' foreign key refuses it too
        raise RefusedEvent(position, f"tag {event.tag_id} does not exist")
    model.assignments[event.image] = event.tag_id


def _project_unassigned(db: Database, event: TagUnassigned, position: int) -> None:
    db.execute_sql(UNASSIGN_TAG, (event.image,))


def _fold_unassigned(model: ReadModel, event: TagUnassigned, position: int) -> None:
    model.assignments.pop(event.image, None)


EFFECTS = {
    TagCreated: Effect(_project_created, _fold_created),
    TagDeleted: Effect(_project_deleted, _fold_deleted),
    TagAssigned: Effect(_project_assigned, _fold_assigned),
    TagUnassigned: Effect(_project_unassigned, _fold_unassigned),
}
