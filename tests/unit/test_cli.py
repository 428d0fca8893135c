"""diundash replay and verify, as an operator runs them."""

import pytest

from diundash.cli import main
from diundash.commands import Commands
from diundash.events.integrity import ensure_chain
from diundash.events.types import Audit
from diundash.storage import is_database_url, open_database
from tests.databases import execute_db, query_db
from tests.databases import free_loopback_port as free_port
from tests.helpers import SteppingClock, read_table_rows

CLI = Audit(source="cli")


@pytest.fixture
def filled_db(database):
    """A log of seven events, on each engine; its file path or URL."""
    db = open_database(database, "NORMAL")
    commands = Commands(db, SteppingClock())
    commands.record_webhook({"image": "docker.io/library/nginx:1.25", "status": "new"}, CLI)
    commands.record_webhook({"image": "docker.io/library/redis:7", "status": "new"}, CLI)
    tag = commands.create_tag("production", CLI)
    commands.assign("docker.io/library/nginx:1.25", tag["id"], CLI)
    commands.dismiss("docker.io/library/redis:7", CLI)
    commands.delete_tag(commands.create_tag("gone", CLI)["id"], CLI)
    db.close()
    return database


def tamper(database: str, statement: str) -> None:
    execute_db(database, statement)


def test_verify_passes_on_a_consistent_database(filled_db, capsys):
    assert main(["verify", "--db", filled_db]) == 0
    chain, tables = capsys.readouterr().out.splitlines()[:2]
    assert chain.startswith("ok: the hash chain holds over 7 events; latest hash ")
    assert tables == "ok: the read tables equal a replay of the log (position 7)"


def test_replay_rebuilds_the_same_tables_and_says_how_many_events(filled_db, capsys):
    before = read_table_rows(filled_db)

    assert main(["replay", "--db", filled_db]) == 0

    assert "replayed 7 events (0 appended while it ran); read tables at position 7" in (
        capsys.readouterr().out
    )
    assert read_table_rows(filled_db) == before


def test_replay_keeps_the_tag_id_counter_so_new_ids_stay_unique(filled_db):
    main(["replay", "--db", filled_db])

    db = open_database(filled_db, "NORMAL")
    assert Commands(db, SteppingClock()).create_tag("next", CLI)["id"] == 3
    db.close()


@pytest.mark.parametrize(
    ("statement", "table"),
    [
        ("UPDATE updates SET status = 'edited' WHERE image LIKE '%nginx%'", "updates"),
        ("DELETE FROM tag_assignments", "tag_assignments"),
        ("INSERT INTO tags (id, name) VALUES (40, 'sneaky')", "tags"),
        ("UPDATE projection_state SET position = 3", "projection_state"),
    ],
)
def test_verify_reports_drift_and_replay_repairs_it(filled_db, capsys, statement, table):
    tamper(filled_db, statement)

    assert main(["verify", "--db", filled_db]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[1].startswith("DRIFT")
    assert f"{table}:" in out

    assert main(["replay", "--db", filled_db]) == 0
    assert main(["verify", "--db", filled_db]) == 0


def test_verify_only_reads_the_live_database(filled_db):
    tamper(filled_db, "UPDATE updates SET status = 'edited'")
    before = read_table_rows(filled_db)

    main(["verify", "--db", filled_db])

    assert read_table_rows(filled_db) == before


def test_a_replay_that_fails_midway_leaves_the_old_tables(filled_db, capsys):
    tamper(filled_db, "UPDATE updates SET status = 'kept'")
    before = read_table_rows(filled_db)
    # An event this version cannot read stops the replay after 7 applied events.
    tamper(
        filled_db,
        "INSERT INTO events VALUES "
        "(8, 'FromTheFuture', 1, '{}', '2030-01-01T00:00:00Z', 'cli', NULL, NULL, NULL)",
    )

    assert main(["replay", "--db", filled_db]) == 1

    error = capsys.readouterr().err
    assert "nothing was changed" in error
    assert "position 8" in error
    assert "FromTheFuture" in error
    assert read_table_rows(filled_db) == before


def test_replay_and_verify_refuse_a_missing_database(tmp_path, capsys):
    missing = str(tmp_path / "nope.db")

    assert main(["replay", "--db", missing]) == 2
    assert main(["verify", "--db", missing]) == 2
    assert "no database at" in capsys.readouterr().err
    assert not (tmp_path / "nope.db").exists()


def test_the_database_comes_from_the_environment(filled_db, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL" if is_database_url(filled_db) else "DB_PATH", filled_db)

    assert main(["verify"]) == 0


def test_a_bad_port_is_a_clear_error(monkeypatch, capsys):
    monkeypatch.setenv("PORT", "eighty")

    assert main(["serve"]) == 2
    assert "PORT must be a whole number" in capsys.readouterr().err


def test_a_database_url_that_is_not_postgresql_is_a_clear_error(monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", "mysql://user@host/db")

    assert main(["serve"]) == 2
    assert "DATABASE_URL must be a PostgreSQL URL" in capsys.readouterr().err


def test_a_postgres_schema_holding_other_tables_is_refused_untouched(pg_database, capsys):
    execute_db(pg_database, "CREATE SCHEMA diundash", "CREATE TABLE diundash.invoices (id int)")

    assert main(["replay", "--db", pg_database]) == 2

    assert "holds tables that are not diundash's (invoices)" in capsys.readouterr().err
    assert query_db(
        pg_database, "SELECT tablename FROM pg_tables WHERE schemaname = ?", ["diundash"]
    ) == [("invoices",)]


def test_database_schema_keeps_the_tables_in_a_schema_of_their_own(
    pg_database, monkeypatch, capsys
):
    monkeypatch.setenv("DATABASE_SCHEMA", "dashboard")

    assert main(["import", "--db", pg_database, "/dev/null"]) == 0

    tables = query_db(pg_database, "SELECT schemaname FROM pg_tables WHERE tablename = 'events'")
    assert tables == [("dashboard",)]


def test_an_unreachable_postgres_is_one_clear_line_without_the_password(monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", f"postgresql://someone:s3cret@127.0.0.1:{free_port()}/db")

    assert main(["verify"]) == 1

    error = capsys.readouterr().err
    assert error.startswith("diundash: the database postgresql://someone:***@127.0.0.1:")
    assert "cannot be used" in error
    assert "s3cret" not in error
    assert "Traceback" not in error


TAMPER_EVENT = {
    "sqlite": (
        "DROP TRIGGER events_no_update",
        "UPDATE events SET data = replace(data, 'redis', 'redix') WHERE position = 2",
    ),
    "postgres": (
        "ALTER TABLE events DISABLE TRIGGER events_append_only",
        "UPDATE events SET data = replace(data, 'redis', 'redix') WHERE position = 2",
    ),
}


def test_verify_finds_a_changed_event_by_its_position(filled_db, capsys):
    execute_db(filled_db, *TAMPER_EVENT["postgres" if is_database_url(filled_db) else "sqlite"])

    assert main(["verify", "--db", filled_db]) == 1

    out = capsys.readouterr().out
    assert out.startswith("BROKEN: the hash chain breaks at position 2:")


def test_verify_finds_a_removed_last_event(filled_db, capsys):
    drop = (
        (
            "ALTER TABLE events DISABLE TRIGGER events_append_only",
            "DELETE FROM events WHERE position = 7",
        )
        if is_database_url(filled_db)
        else ("DROP TRIGGER events_no_delete", "DELETE FROM events WHERE position = 7")
    )
    execute_db(filled_db, *drop)

    assert main(["verify", "--db", filled_db]) == 1
    assert "breaks at position 7" in capsys.readouterr().out


def test_an_older_log_gets_its_chain_without_a_row_rewritten(filled_db, capsys):
    # A log from before the chain: its events, and no hashes.
    wipe = (
        ("ALTER TABLE event_hashes DISABLE TRIGGER event_hashes_append_only",)
        if is_database_url(filled_db)
        else ("DROP TRIGGER event_hashes_no_delete",)
    )
    execute_db(filled_db, *wipe, "DELETE FROM event_hashes")
    before = query_db(filled_db, "SELECT * FROM events ORDER BY position")

    assert main(["verify", "--db", filled_db]) == 0  # nothing stored to contradict
    unhashed = capsys.readouterr().out.splitlines()[0]
    assert unhashed.startswith("ok: none of the 7 events has a stored hash yet")
    db = open_database(filled_db, "NORMAL")
    try:
        assert ensure_chain(db) == 7
    finally:
        db.close()

    assert query_db(filled_db, "SELECT * FROM events ORDER BY position") == before
    assert main(["verify", "--db", filled_db]) == 0
    hashed = capsys.readouterr().out.splitlines()[0]
    assert hashed.startswith("ok: the hash chain holds over 7 events; latest hash 7:")
    assert hashed.split("latest hash ")[1] == unhashed.split("latest hash ")[1]  # the same chain
