"""``GET /api/updates``'s entries, read from the read tables of any database
(the live one, or a scratch one that time travel folded the log into)."""

from typing import Any

import orjson
from peewee import JOIN, Database

from diundash.diun import FIELD_DEFAULTS
from diundash.projections.tables import AssignmentRow, ProjectionStateRow, TagRow, UpdateRow
from diundash.storage import read_snapshot


def projected_position(db: Database) -> int:
    """The log position the read tables reflect."""
    row = ProjectionStateRow.select().where(ProjectionStateRow.id == 1).first(db)
    return int(row.position) if row else 0


def read_updates(db: Database) -> tuple[int, dict[str, dict[str, Any]]]:
    """Every tracked image's update, keyed by image, and the position they
    reflect, read in one snapshot."""
    query = (
        UpdateRow.select(UpdateRow, TagRow.id.alias("tag_id"), TagRow.name.alias("tag_name"))
        .join(AssignmentRow, JOIN.LEFT_OUTER, on=AssignmentRow.image == UpdateRow.image)
        .join(TagRow, JOIN.LEFT_OUTER, on=TagRow.id == AssignmentRow.tag_id)
        .dicts()
    )
    with read_snapshot(db):
        position = projected_position(db)
        rows = list(query.execute(db))
    # Sorted here, not by the database: every engine and collation gives the same order.
    rows.sort(key=lambda row: str(row["image"]))
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
