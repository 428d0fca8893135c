"""PostgreSQL, for several instances on one database: the tables in a schema
of their own, appends serialized by a transaction-level advisory lock."""

import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import lru_cache
from typing import Any, ClassVar

from peewee import Database, PostgresqlDatabase

from diundash.storage.changes import ChangeSignal, PostgresNotifications
from diundash.storage.engine import Engine, table_names
from diundash.storage.schema import (
    AUTH_TABLES,
    CREATE_PROJECTION_STATE,
    EVENT_COLUMNS,
    HEARTBEAT_TABLES,
    HOST_UPDATE_COLUMNS,
    HOST_UPDATE_INDEXES,
    LEASE_TABLES,
    PROJECTION_STATE_COLUMNS,
    SNAPSHOT_COLUMNS,
    NotADiundashDatabase,
)
from diundash.storage.schema import READ_TABLES as SHARED_READ_TABLES

# pg_advisory_xact_lock key of the log's write lock ("diun" in ASCII).
LOG_LOCK = 0x6469756E

# PostgreSQL's JSON functions fail on a whole document if any of its strings
# holds \u0000 (which DIUN's body may, in any field but the image), so the
# escape is neutralised before parsing. It cannot turn valid JSON invalid,
# and only changes an image that spells a backslash and "u0000" in itself.
_PARSED_DATA = r"(replace(data, '\u0000', '\ufffd')::json)"
IMAGE_OF_EVENT = f"coalesce({_PARSED_DATA} #>> '{{body,image}}', {_PARSED_DATA} ->> 'image')"
HOST_OF_EVENT = (
    f"CASE WHEN type = 'UpdateReceived' THEN coalesce({_PARSED_DATA} #>> '{{body,hostname}}', "
    f"{_PARSED_DATA} ->> 'hostname', '') "
    f"ELSE coalesce({_PARSED_DATA} ->> 'host', {_PARSED_DATA} ->> 'hostname') END"
)

SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def _append_only(table: str, what: str) -> tuple[str, ...]:
    """Triggers that refuse UPDATE, DELETE and TRUNCATE on ``table``, and any
    insert but at the next position (``%%``: psycopg reads ``%`` as a placeholder)."""
    return (
        f"""
        CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                IF NEW.position IS DISTINCT FROM
                        (SELECT coalesce(max(position), 0) + 1 FROM {table}) THEN
                    RAISE EXCEPTION '{what} are append-only: position must be the next one';
                END IF;
                RETURN NEW;
            END IF;
            RAISE EXCEPTION '{what} are append-only: %% is not allowed', TG_OP;
        END
        $$
        """,
        f"""
        CREATE OR REPLACE TRIGGER {table}_append_only BEFORE INSERT OR UPDATE OR DELETE
        ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_append_only()
        """,
        f"""
        CREATE OR REPLACE TRIGGER {table}_no_truncate BEFORE TRUNCATE
        ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()
        """,
    )


# The same rules as SQLite's triggers: no UPDATE, DELETE or TRUNCATE, and an
# insert must take exactly the next position.
EVENT_TABLE = (
    """
    CREATE TABLE IF NOT EXISTS events (
        position BIGINT PRIMARY KEY,
        type TEXT NOT NULL,
        version INTEGER NOT NULL,
        data TEXT NOT NULL CHECK ((data::json) IS NOT NULL),
        recorded_at TEXT NOT NULL,
        source TEXT NOT NULL,
        remote_addr TEXT,
        request_id TEXT,
        actor TEXT
    )
    """,
    *(
        f"ALTER TABLE events ADD COLUMN IF NOT EXISTS {name} {definition}"
        for name, definition in EVENT_COLUMNS.items()
    ),
    f"CREATE INDEX IF NOT EXISTS events_by_image ON events (({IMAGE_OF_EVENT}))",
    "CREATE INDEX IF NOT EXISTS events_by_time ON events (recorded_at)",
    *_append_only("events", "events"),
)

# The hash chain of the log (diundash/events/chain.py), as append-only as the log.
CHAIN_TABLE = (
    """
    CREATE TABLE IF NOT EXISTS event_hashes (
        position BIGINT PRIMARY KEY,
        hash TEXT NOT NULL
    )
    """,
    *_append_only("event_hashes", "event hashes"),
)

READ_TABLES = (
    """
    CREATE TABLE IF NOT EXISTS tags (
        id BIGINT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
    )
    """,
    *SHARED_READ_TABLES,
    *(
        f"ALTER TABLE projection_state ADD COLUMN IF NOT EXISTS {name} {definition}"
        for name, definition in PROJECTION_STATE_COLUMNS.items()
    ),
    *(
        f"ALTER TABLE read_model_snapshots ADD COLUMN IF NOT EXISTS {name} {definition}"
        for name, definition in SNAPSHOT_COLUMNS.items()
    ),
    *(
        f"ALTER TABLE host_updates ADD COLUMN IF NOT EXISTS {name} {definition}"
        for name, definition in HOST_UPDATE_COLUMNS.items()
    ),
    *HOST_UPDATE_INDEXES,
    CREATE_PROJECTION_STATE,
)

# Every change of the read tables moves projection_state in its transaction:
# this tells the listeners of every instance at commit (storage/changes.py),
# on a channel named after the schema (``notify_channel``: at most 63 bytes,
# as the names are).
NOTIFY_ON_MOVE = (
    """
    CREATE OR REPLACE FUNCTION projection_state_moved() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify(left('diundash_' || TG_TABLE_SCHEMA, 63), '');
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE OR REPLACE TRIGGER projection_state_moved AFTER INSERT OR UPDATE
    ON projection_state FOR EACH STATEMENT EXECUTE FUNCTION projection_state_moved()
    """,
)


# Every statement of the schema, run at each start (each is idempotent).
SCHEMA = (
    *EVENT_TABLE,
    *CHAIN_TABLE,
    *READ_TABLES,
    *AUTH_TABLES,
    *HEARTBEAT_TABLES,
    *LEASE_TABLES,
    *NOTIFY_ON_MOVE,
)


@lru_cache(maxsize=256)
def pyformat(sql: str) -> str:
    """``sql`` with psycopg's ``%s`` placeholders for the ``?`` it is written with."""
    return sql.replace("?", "%s") if "?" in sql and "%s" not in sql else sql


class PostgresEngine(Engine):
    """PostgreSQL: ``%s`` placeholders, the "C" collation, an advisory lock
    for writes, ``REPEATABLE READ`` snapshots and ``NOTIFY`` to hear of
    other writers' commits."""

    codepoint_order = ' COLLATE "C"'
    image_of_event = IMAGE_OF_EVENT
    host_of_event = HOST_OF_EVENT
    tables = table_names(SCHEMA)

    def placeholders(self, sql: str) -> str:
        return pyformat(sql)

    def open(self, target: str, synchronous: str = "", schema: str = "diundash") -> Database:
        """Connect to the URL ``target`` with ``schema`` first on the search
        path; create the schema and the tables on first start. Refuses a
        schema that holds tables that are not diundash's (``synchronous`` is
        the server's setting here)."""
        if not SCHEMA_NAME.fullmatch(schema):
            raise NotADiundashDatabase(
                f"DATABASE_SCHEMA {schema!r} is not a plain lower-case PostgreSQL name"
            )
        url = "postgresql://" + target.split("://", 1)[1]  # psycopg takes postgresql:// only
        db = PostgresDatabase(
            url, options=f"-c search_path={schema}", prefer_psycopg3=True, connect_timeout=5
        )
        try:  # under the write lock: two instances starting at once create the tables once
            with self.write_transaction(db):
                db.execute_sql(f"CREATE SCHEMA IF NOT EXISTS {schema}")
                self._check_is_ours(db, schema)
                for statement in SCHEMA:
                    db.execute_sql(statement)
        except BaseException:
            db.close()
            raise
        return db

    def _check_is_ours(self, db: Database, schema: str) -> None:
        cursor = db.execute_sql("SELECT tablename FROM pg_tables WHERE schemaname = ?", (schema,))
        foreign = sorted({name for (name,) in cursor.fetchall()} - self.tables)
        if foreign:
            raise NotADiundashDatabase(
                f"the PostgreSQL schema {schema!r} holds tables that are not diundash's "
                f"({', '.join(foreign[:5])}); set DATABASE_SCHEMA to a schema of diundash's own"
            )

    @contextmanager
    def write_transaction(self, db: Database) -> Iterator[None]:
        """A transaction that first takes the log's advisory lock: one writer at
        a time across every instance, released at commit or rollback."""
        with db.atomic():
            db.execute_sql("SELECT pg_advisory_xact_lock(?)", (LOG_LOCK,))
            yield

    def read_snapshot(self, db: Database) -> AbstractContextManager[Any]:
        """``REPEATABLE READ``: every statement sees the state at the first one."""
        return db.atomic(isolation_level="REPEATABLE READ")

    def change_signal(self, db: Database, moved: Callable[[], None]) -> ChangeSignal:
        """The ``NOTIFY`` of each commit that moves the read tables, heard by
        a thread of this process's own."""
        return PostgresNotifications(db, moved)


POSTGRES = PostgresEngine()


class PostgresDatabase(PostgresqlDatabase):
    """peewee's PostgreSQL database on psycopg 3, carrying its engine and
    taking the ``?`` placeholders diundash's plain statements are written with."""

    engine: ClassVar[Engine] = POSTGRES

    def execute_sql(self, sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        return super().execute_sql(pyformat(sql), params, *args, **kwargs)  # type: ignore[no-untyped-call]
