"""Time travel: the read tables as they stood at an earlier log position,
folded from the log into a scratch in-memory database by the same projector."""

from typing import Any

from peewee import SqliteDatabase

from diundash.events.store import read_events
from diundash.projections.projector import project
from diundash.projections.queries import updates_by_image
from diundash.projections.tables import create_read_tables


def updates_as_of(db: SqliteDatabase, position: int) -> dict[str, dict[str, Any]]:
    """``GET /api/updates`` as it would have answered right after event ``position``."""
    scratch = SqliteDatabase(":memory:")
    try:
        with scratch.atomic():
            create_read_tables(scratch)
            for stored in read_events(db, upto=position):
                project(scratch, stored)
        return updates_by_image(scratch)[1]
    finally:
        scratch.close()
