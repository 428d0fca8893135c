"""Each engine is one object, chosen when the database is opened: what it
says of its tables is what it creates, and both keep the same ones."""

import pytest
from peewee import SqliteDatabase

from diundash.storage import engine_for, engine_of, scratch_database
from diundash.storage.postgres import POSTGRES
from diundash.storage.sqlite import SQLITE
from tests.databases import query_db

TABLES_OF = {
    SQLITE: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    POSTGRES: "SELECT tablename FROM pg_tables WHERE schemaname = 'diundash'",
}


def test_the_tables_an_engine_lists_are_those_it_creates(database, open_db):
    db = open_db(database)
    engine = engine_of(db)

    created = {name for (name,) in query_db(database, TABLES_OF[engine])}

    assert engine is engine_for(database)
    assert created == engine.tables


def test_both_engines_keep_the_same_tables():
    assert SQLITE.tables == POSTGRES.tables
    assert {"events", "event_hashes", "updates", "projection_state"} <= SQLITE.tables


@pytest.mark.parametrize("url", ["postgresql://u@h/db", "postgres://u:p@h:5432/db"])
def test_a_postgresql_url_chooses_postgresql_and_anything_else_sqlite(url):
    assert engine_for(url) is POSTGRES
    assert engine_for("./diun.db") is SQLITE
    assert engine_for("postgresql.db") is SQLITE


def test_the_scratch_database_is_sqlite_in_memory_with_every_table():
    db = scratch_database()
    try:
        rows = db.execute_sql(TABLES_OF[SQLITE]).fetchall()
        assert engine_of(db) is SQLITE
        assert {name for (name,) in rows} == SQLITE.tables
    finally:
        db.close()


def test_a_database_not_opened_through_storage_has_no_engine(tmp_path, open_db):
    with pytest.raises(TypeError, match=r"not opened through diundash\.storage"):
        engine_of(SqliteDatabase(str(tmp_path / "other.db")))
    assert engine_of(open_db(str(tmp_path / "diun.db"))) is SQLITE
