"""The read tables. Columns follow DiunDashboard's schema so existing tooling
can read them; ``event_json`` (the body as DIUN sent it) and
``projection_state`` are diundash's additions."""

from peewee import Database, IntegerField, Model, TextField

READ_TABLES_DDL = (
    """
    CREATE TABLE IF NOT EXISTS updates (
        image TEXT PRIMARY KEY,
        diun_version TEXT NOT NULL DEFAULT '',
        hostname TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT '',
        provider TEXT NOT NULL DEFAULT '',
        hub_link TEXT NOT NULL DEFAULT '',
        mime_type TEXT NOT NULL DEFAULT '',
        digest TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL DEFAULT '',
        platform TEXT NOT NULL DEFAULT '',
        ctn_name TEXT NOT NULL DEFAULT '',
        ctn_id TEXT NOT NULL DEFAULT '',
        ctn_state TEXT NOT NULL DEFAULT '',
        ctn_status TEXT NOT NULL DEFAULT '',
        received_at TEXT NOT NULL,
        acknowledged_at TEXT,
        event_json TEXT NOT NULL DEFAULT '{}'
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS tags (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS tag_assignments (
        image TEXT PRIMARY KEY,
        tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS projection_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        position INTEGER NOT NULL
    )
    """,
    "INSERT OR IGNORE INTO projection_state (id, position) VALUES (1, 0)",
)

# Tables a replay empties and rebuilds, children first.
REBUILT_TABLES = ("tag_assignments", "tags", "updates")


class UpdateRow(Model):
    """One image's latest update."""

    image = TextField(primary_key=True)
    diun_version = TextField(default="")
    hostname = TextField(default="")
    status = TextField(default="")
    provider = TextField(default="")
    hub_link = TextField(default="")
    mime_type = TextField(default="")
    digest = TextField(default="")
    created = TextField(default="")
    platform = TextField(default="")
    ctn_name = TextField(default="")
    ctn_id = TextField(default="")
    ctn_state = TextField(default="")
    ctn_status = TextField(default="")
    received_at = TextField()
    acknowledged_at = TextField(null=True)
    event_json = TextField(default="{}")

    class Meta:
        table_name = "updates"


class TagRow(Model):
    """A user-defined group of images."""

    id = IntegerField(primary_key=True)
    name = TextField(unique=True)

    class Meta:
        table_name = "tags"


class AssignmentRow(Model):
    """Which tag an image is under."""

    image = TextField(primary_key=True)
    tag_id = IntegerField()

    class Meta:
        table_name = "tag_assignments"


class ProjectionStateRow(Model):
    """The log position the read tables reflect."""

    id = IntegerField(primary_key=True)
    position = IntegerField()

    class Meta:
        table_name = "projection_state"


def create_read_tables(db: Database) -> None:
    """Create the read tables if missing."""
    for statement in READ_TABLES_DDL:
        db.execute_sql(statement)
