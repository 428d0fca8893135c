"""Shared fixtures: a real database per test (a SQLite file, and the same
test again on a PostgreSQL database of a throwaway cluster), and the app on it."""

import os
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import falcon.testing
import pytest
from peewee import Database

from diundash.app import create_app
from diundash.clock import utc_now
from diundash.config import Settings
from diundash.storage import is_database_url, open_database
from tests.databases import PostgresCluster, PostgresServer
from tests.helpers import SECRET, TEST_CLIENT_HOST

# TEST_BACKENDS=sqlite (scripts/test --quick) leaves PostgreSQL out.
BACKENDS = tuple(os.environ.get("TEST_BACKENDS", "sqlite,postgres").split(","))


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """Where PostgreSQL test databases are made: ``TEST_DATABASE_URL``, or a
    cluster this test session starts (and removes at its end)."""
    if "postgres" not in BACKENDS:
        pytest.skip("TEST_BACKENDS leaves PostgreSQL out")
    given = os.environ.get("TEST_DATABASE_URL")
    if given:
        yield PostgresServer(given)
        return
    why_not = PostgresCluster.available()
    if why_not:
        pytest.fail(f"PostgreSQL is needed for the postgres tests: {why_not}")
    cluster = PostgresCluster()  # in /tmp: pytest's own temp folders are root's alone
    cluster.init()
    cluster.start()
    try:
        yield PostgresServer(cluster.admin_url)
    finally:
        cluster.remove()


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """What the test's service stores into: a fresh SQLite file, or a fresh
    PostgreSQL database (its URL). Every test using it runs on both."""
    if request.param == "sqlite":
        yield str(tmp_path / "diun.db")
        return
    yield request.getfixturevalue("pg_database")


@pytest.fixture
def pg_database(postgres: PostgresServer) -> Iterator[str]:
    """A fresh PostgreSQL database, for what only PostgreSQL has."""
    url = postgres.create_database()
    try:
        yield url
    finally:
        postgres.drop_database(url)


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    """A SQLite file, for what only SQLite has (its file, backup, legacy import)."""
    return str(tmp_path / "diun.db")


@pytest.fixture
def settings(database: str, tmp_path: Path) -> Settings:
    return Settings(
        db_path=str(tmp_path / "diun.db"),
        database_url=database if is_database_url(database) else "",
        webhook_secret=SECRET,
        frontend_dist=tmp_path / "no-frontend",
        synchronous="NORMAL",
        allowed_hosts=(TEST_CLIENT_HOST,),
    )


@pytest.fixture
def open_db() -> Iterator[Callable[..., Database]]:
    """``open_database``, with every database it opened closed after the test."""
    opened: list[Database] = []

    def open_and_track(target: str, synchronous: str = "NORMAL") -> Database:
        db = open_database(target, synchronous)
        opened.append(db)
        return db

    yield open_and_track
    for db in opened:
        db.close()


@pytest.fixture
def make_client(
    settings: Settings, open_db: Callable[..., Database]
) -> Callable[..., falcon.testing.TestClient]:
    def make(clock: Callable[[], datetime] = utc_now, **overrides: Any) -> Any:
        chosen = Settings(**{**settings.__dict__, **overrides})
        db = open_db(chosen.database, chosen.synchronous)
        return falcon.testing.TestClient(create_app(chosen, clock=clock, db=db))

    return make


@pytest.fixture
def client(make_client: Callable[..., falcon.testing.TestClient]) -> falcon.testing.TestClient:
    return make_client()
