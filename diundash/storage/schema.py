"""What both engines share: the projection state's columns, and errors."""

# The read model's shape: a database whose read_model is lower was projected
# by an older version and is rebuilt from the log when opened. 2: per-host
# entries (host_updates).
READ_MODEL_VERSION = 2

# Columns of projection_state past id and position, added to older tables.
PROJECTION_STATE_COLUMNS = {
    "last_tag_id": "BIGINT NOT NULL DEFAULT 0",  # tag ids are never reused
    "read_model": "INTEGER NOT NULL DEFAULT 0",  # READ_MODEL_VERSION it was built by
    "generation": "BIGINT NOT NULL DEFAULT 0",  # one more at each rebuild: in the ETag
}
CREATE_PROJECTION_STATE = (
    "INSERT INTO projection_state (id, position, read_model) "
    f"VALUES (1, 0, {READ_MODEL_VERSION}) ON CONFLICT DO NOTHING"
)


class NotADiundashDatabase(Exception):
    """The file or schema holds something else (a DiunDashboard database, no
    SQLite database at all, another application's tables); diundash leaves
    it untouched."""
