"""Read queries over the read tables, for the API and for command checks."""

from typing import Any

import orjson
from peewee import JOIN, SqliteDatabase

from diundash.database import read_snapshot
from diundash.diun import FIELD_DEFAULTS
from diundash.projections.tables import AssignmentRow, ProjectionStateRow, TagRow, UpdateRow


def projected_position(db: SqliteDatabase) -> int:
    """The log position the read tables reflect."""
    row = ProjectionStateRow.select().where(ProjectionStateRow.id == 1).first(db)
    return int(row.position) if row else 0


def updates_by_image(db: SqliteDatabase) -> tuple[int, dict[str, dict[str, Any]]]:
    """Every tracked image's update, keyed by image, and the position they reflect."""
    query = (
        UpdateRow.select(UpdateRow, TagRow.id.alias("tag_id"), TagRow.name.alias("tag_name"))
        .join(AssignmentRow, JOIN.LEFT_OUTER, on=AssignmentRow.image == UpdateRow.image)
        .join(TagRow, JOIN.LEFT_OUTER, on=TagRow.id == AssignmentRow.tag_id)
        .order_by(UpdateRow.image)
        .dicts()
    )
    with read_snapshot(db):
        position = projected_position(db)
        rows = list(query.execute(db))
    return position, {row["image"]: _update_view(row) for row in rows}


def _update_view(row: dict[str, Any]) -> dict[str, Any]:
    body = orjson.loads(row["event_json"])
    tag = {"id": row["tag_id"], "name": row["tag_name"]} if row["tag_id"] is not None else None
    return {
        "event": {**FIELD_DEFAULTS, **body},
        "received_at": row["received_at"],
        "acknowledged": row["acknowledged_at"] is not None,
        "acknowledged_at": row["acknowledged_at"],
        "tag": tag,
    }


def list_tags(db: SqliteDatabase) -> list[dict[str, Any]]:
    """Every tag, ordered by id."""
    return list(TagRow.select().order_by(TagRow.id).dicts().execute(db))


def find_tag(db: SqliteDatabase, tag_id: int) -> TagRow | None:
    """The tag with ``tag_id``, or None."""
    return TagRow.select().where(TagRow.id == tag_id).first(db)


def tag_name_taken(db: SqliteDatabase, name: str) -> bool:
    """Whether a tag already has ``name``."""
    return TagRow.select().where(TagRow.name == name).exists(db)


def next_tag_id(db: SqliteDatabase) -> int:
    """The id the next tag gets: one past the largest id ever used (ids of
    deleted tags are never reused, as with SQLite's AUTOINCREMENT)."""
    cursor = db.execute_sql("SELECT seq FROM sqlite_sequence WHERE name = 'tags'")
    row = cursor.fetchone()
    return (int(row[0]) if row else 0) + 1


def update_state(db: SqliteDatabase, image: str) -> str | None:
    """``'pending'`` or ``'acknowledged'`` for a tracked image, None if untracked."""
    row = UpdateRow.select(UpdateRow.acknowledged_at).where(UpdateRow.image == image).first(db)
    if row is None:
        return None
    return "pending" if row.acknowledged_at is None else "acknowledged"


def pending_images(db: SqliteDatabase, tag_id: int | None = None) -> list[str]:
    """Images whose update is not acknowledged, optionally only under ``tag_id``."""
    query = UpdateRow.select(UpdateRow.image).where(UpdateRow.acknowledged_at.is_null())
    if tag_id is not None:
        query = query.join(AssignmentRow, on=AssignmentRow.image == UpdateRow.image).where(
            AssignmentRow.tag_id == tag_id
        )
    return [row.image for row in query.order_by(UpdateRow.image).execute(db)]


def assigned_tag_id(db: SqliteDatabase, image: str) -> int | None:
    """The id of the tag ``image`` is under, or None."""
    row = AssignmentRow.select().where(AssignmentRow.image == image).first(db)
    return int(row.tag_id) if row else None
