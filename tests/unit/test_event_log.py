"""The event log: append-only in the database itself, gap-free, upcast on read."""

import sqlite3
from datetime import datetime

import psycopg
import pytest

from diundash.cli import main
from diundash.commands import Commands
from diundash.events import store
from diundash.events.chain import last_hash
from diundash.events.types import Audit, TagCreated, UpdateReceived
from diundash.events.upcasting import UnreadableEvent
from diundash.projections.queries import Queries
from diundash.projections.rebuild import rebuild_read_tables, verify_log
from diundash.storage import is_database_url, open_database
from tests.databases import execute_db, query_db
from tests.helpers import FIXTURES, SteppingClock, log_rows

V1_LOG = FIXTURES / "log-v1.sql"
HASHES = "SELECT position, hash FROM event_hashes ORDER BY position"
CLI = Audit(source="cli")


def two_events(db):
    commands = Commands(db, SteppingClock())
    commands.record_webhook({"image": "a/b:1"}, CLI)
    commands.create_tag("production", CLI)
    return db


@pytest.fixture
def db(database, open_db):
    """A log of two events, on each engine."""
    return two_events(open_db(database))


@pytest.fixture
def sqlite_db(db_path, open_db):
    return two_events(open_db(db_path))


@pytest.fixture(params=[True, False], ids=["recursive_triggers", "plain"])
def raw(sqlite_db, db_path, request):
    """A plain sqlite3 connection, as any other tool would open the file."""
    connection = sqlite3.connect(db_path, isolation_level=None)
    connection.execute(f"PRAGMA recursive_triggers = {int(request.param)}")
    yield connection
    connection.close()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE events SET data = '{}' WHERE position = 1",
        "UPDATE events SET recorded_at = 'x'",
        "DELETE FROM events WHERE position = 2",
        "DELETE FROM events",
        "INSERT OR REPLACE INTO events VALUES "
        "(1, 'TagDeleted', 1, '{}', 'x', 'cli', NULL, NULL, NULL)",
        "REPLACE INTO events VALUES (2, 'TagDeleted', 1, '{}', 'x', 'cli', NULL, NULL, NULL)",
        "INSERT INTO events VALUES (1, 'TagDeleted', 1, '{}', 'x', 'cli', NULL, NULL, NULL) "
        "ON CONFLICT(position) DO UPDATE SET type = excluded.type",
        "INSERT INTO events VALUES (9, 'TagDeleted', 1, '{}', 'x', 'cli', NULL, NULL, NULL)",
        "INSERT INTO events (type, version, data, recorded_at, source) "
        "VALUES ('TagDeleted', 1, '{}', 'x', 'cli')",
    ],
    ids=[
        "update",
        "update-all",
        "delete",
        "delete-all",
        "insert-or-replace",
        "replace",
        "upsert",
        "gap",
        "implicit-position",
    ],
)
def test_history_cannot_be_changed_from_outside(raw, db_path, statement):
    before = log_rows(db_path)

    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        raw.execute(statement)

    assert log_rows(db_path) == before


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE events SET data = '{}' WHERE position = 1",
        "DELETE FROM events WHERE position = 2",
        "DELETE FROM events",
        "INSERT INTO events VALUES (1, 'TagDeleted', 1, '{}', 'x', 'cli', NULL, NULL, NULL) "
        "ON CONFLICT (position) DO UPDATE SET type = excluded.type",
        "INSERT INTO events VALUES (9, 'TagDeleted', 1, '{}', 'x', 'cli', NULL, NULL, NULL)",
        "INSERT INTO events VALUES (2, 'TagDeleted', 1, '{}', 'x', 'cli', NULL, NULL, NULL)",
    ],
    ids=["update", "delete", "delete-all", "upsert", "gap", "taken-position"],
)
def test_history_cannot_be_changed_from_outside_on_either_engine(db, database, statement):
    before = log_rows(database)

    with pytest.raises(Exception, match=r"append-only|duplicate key|UNIQUE constraint"):
        execute_db(database, statement)

    assert log_rows(database) == before


def test_postgres_refuses_truncating_the_log(pg_database, open_db):
    two_events(open_db(pg_database))

    with pytest.raises(psycopg.Error, match="append-only: TRUNCATE is not allowed"):
        execute_db(pg_database, "TRUNCATE events")

    assert len(log_rows(pg_database)) == 2


def test_the_next_position_can_be_appended_directly(db, database):
    execute_db(
        database,
        'INSERT INTO events VALUES (3, \'TagDeleted\', 1, \'{"id":1,"name":"production"}\', '
        "'2026-03-23T10:00:09.000000Z', 'cli', NULL, NULL, NULL)",
    )

    assert [row[0] for row in log_rows(database)] == [1, 2, 3]


def test_appending_to_a_log_from_before_the_chain_hashes_the_events_before_it(db, database):
    wipe = (
        ("ALTER TABLE event_hashes DISABLE TRIGGER event_hashes_append_only",)
        if is_database_url(database)
        else ("DROP TRIGGER event_hashes_no_delete",)
    )
    execute_db(database, *wipe, "DELETE FROM event_hashes")

    Commands(db, SteppingClock()).record_webhook({"image": "c/d:1"}, CLI)

    chain = verify_log(db).chain
    assert (chain.events, chain.broken_at, chain.unhashed) == (3, None, 0)
    assert chain.latest_hash == last_hash(db)[1]
    assert [position for position, _ in query_db(database, HASHES)] == [1, 2, 3]


def test_each_append_chains_onto_the_hash_before_it(db, database):
    Commands(db, SteppingClock()).record_webhook({"image": "c/d:1"}, CLI)

    chain = verify_log(db).chain
    assert (chain.events, chain.broken_at, chain.unhashed) == (3, None, 0)
    assert query_db(database, HASHES)[-1][1] == chain.latest_hash


def test_append_needs_the_callers_transaction(db):
    with pytest.raises(RuntimeError, match="transaction"):
        store.append(db, TagCreated(id=9, name="x"), CLI, "2026-01-01T00:00:00.000000Z")


def test_append_stores_type_version_json_and_audit(db, database):
    with db.atomic():
        stored = store.append(
            db,
            UpdateReceived(
                body={"image": "c/d:2", "x": [1]}, received_at="2026-01-01T00:00:00.000000Z"
            ),
            Audit(source="api", remote_addr="10.1.2.3", request_id="rid", actor="ops-bot"),
            "2026-01-01T00:00:00.000000Z",
        )

    assert stored.position == 3
    assert log_rows(database)[-1] == (
        3,
        "UpdateReceived",
        2,
        '{"body":{"image":"c/d:2","x":[1]},"received_at":"2026-01-01T00:00:00.000000Z"}',
        "2026-01-01T00:00:00.000000Z",
        "api",
        "10.1.2.3",
        "rid",
        "ops-bot",
    )


def test_read_events_pages_through_a_long_log_in_order(db, monkeypatch):
    monkeypatch.setattr(store, "READ_BATCH", 3)
    commands = Commands(db, SteppingClock())
    for n in range(10):
        commands.record_webhook({"image": f"img/{n}:1"}, CLI)

    positions = [stored.position for stored in store.read_events(db)]
    after_five = [stored.position for stored in store.read_events(db, after=5)]

    assert positions == list(range(1, 13))
    assert after_five == list(range(6, 13))


@pytest.fixture
def v1_db(database, open_db):
    db = open_db(database)
    execute_db(database, V1_LOG.read_text())
    return db


def test_a_stored_v1_event_is_read_in_the_current_shape(v1_db):
    first = next(store.read_events(v1_db))

    assert first.version == 1
    assert isinstance(first.event, UpdateReceived)
    assert first.event.received_at == "2026-01-05T06:07:08.000000Z"
    assert first.event.body["metadata"]["ctn_names"] == "web"


def test_a_v1_log_replays_into_the_current_read_tables_without_being_rewritten(v1_db, database):
    stored_before = log_rows(database)

    assert rebuild_read_tables(v1_db).events == 3

    state, updates = Queries(v1_db).updates()
    assert state.position == 3
    nginx = updates["docker.io/library/nginx:1.25"]
    assert nginx["received_at"] == "2026-01-05T06:07:08.000000Z"
    assert nginx["event"]["digest"] == "sha256:1111"
    assert nginx["tag"] == {"id": 1, "name": "production"}
    assert log_rows(database) == stored_before


def test_an_unknown_event_type_is_an_error_not_silence(db):
    with db.atomic():
        db.execute_sql(
            "INSERT INTO events VALUES (3, 'SomethingNew', 1, '{}', 'x', 'cli', NULL, NULL, NULL)"
        )

    with pytest.raises(UnreadableEvent, match="SomethingNew"):
        list(store.read_events(db))


def test_a_version_from_the_future_is_an_error(db):
    with db.atomic():
        db.execute_sql(
            "INSERT INTO events VALUES (3, 'TagCreated', 7, '{}', 'x', 'cli', NULL, NULL, NULL)"
        )

    with pytest.raises(UnreadableEvent, match="version 7"):
        list(store.read_events(db, after=2))


def test_the_database_is_in_wal_mode_with_the_requested_durability(db_path):
    database = open_database(db_path, "FULL")

    assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database.execute_sql("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert database.execute_sql("PRAGMA recursive_triggers").fetchone()[0] == 1
    assert database.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000
    database.close()


def test_recorded_times_never_go_back_even_when_the_clock_does(db_path):
    times = iter(["2026-05-01T10:00:03Z", "2026-05-01T10:00:01Z", "2026-05-01T10:00:02Z"])
    database = open_database(db_path, "NORMAL")
    commands = Commands(database, lambda: datetime.fromisoformat(next(times)))

    for n in range(3):
        commands.record_webhook({"image": f"img/{n}:1"}, CLI)

    recorded = [row[4] for row in log_rows(db_path)]
    assert recorded == ["2026-05-01T10:00:03.000000Z"] * 3
    database.close()


def test_read_tables_of_an_older_version_are_rebuilt_when_opened(db_path, open_db, capsys):
    # What the version before per-host entries left: its projection_state had
    # no read_model, tag counter or generation, and there was no host_updates.
    open_db(db_path).close()
    connection = sqlite3.connect(db_path)
    connection.executescript(
        """
        DROP TABLE host_updates;
        DROP TABLE projection_state;
        CREATE TABLE projection_state (id INTEGER PRIMARY KEY, position INTEGER NOT NULL);
        INSERT INTO projection_state VALUES (1, 3);
        """
    )
    connection.executescript(V1_LOG.read_text())
    connection.close()

    assert main(["history", "--db", db_path]) == 0  # any command brings it up to date

    db = open_db(db_path)
    state, updates = Queries(db).updates()
    assert (state.position, state.generation) == (3, 1)
    assert [h["hostname"] for h in updates["docker.io/library/nginx:1.25"]["hosts"]] == ["vm"]
    assert verify_log(db).drifts == []
    assert "#3" in capsys.readouterr().out
