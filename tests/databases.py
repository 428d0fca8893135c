"""The databases the tests run on: SQLite files, and a throwaway PostgreSQL
cluster of our own (Debian's PostgreSQL 15 binaries; ``initdb`` refuses to run
as root, so as root the cluster runs as the ``postgres`` user).

``TEST_DATABASE_URL`` points the suite at an existing server instead: each test
then gets a database of its own there (the URL's user must be allowed to
create databases).
"""

import contextlib
import os
import pwd
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import psycopg

from diundash.storage import is_database_url

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
PG_USER = "diundash"
# A throwaway cluster: durability off, so hundreds of test databases are quick.
PG_TEST_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")


def free_loopback_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_cluster_user() -> list[str]:
    """The command prefix that runs a PostgreSQL binary as an unprivileged user."""
    if os.geteuid() != 0:
        return []
    return ["runuser", "-u", "postgres", "--"]


class PostgresCluster:
    """A PostgreSQL server in a temp folder on a free loopback port."""

    def __init__(self, workdir: Path | None = None, settings: Iterable[str] = PG_TEST_SETTINGS):
        self.workdir = workdir or Path(tempfile.mkdtemp(prefix="diundash-pg-"))
        self.data = self.workdir / "data"
        self.log = self.workdir / "server.log"
        self.port = free_loopback_port()
        self.settings = tuple(settings)
        self.admin_url = f"postgresql://{PG_USER}@127.0.0.1:{self.port}/postgres"

    @classmethod
    def available(cls) -> str | None:
        """Why a cluster cannot be started here, or None when it can."""
        if not (PG_BIN / "initdb").is_file():
            return f"no PostgreSQL binaries in {PG_BIN} (apt-get install postgresql)"
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                return "running as root and there is no postgres user to run the cluster as"
        return None

    def _run(self, *command: str) -> None:
        done = subprocess.run(
            [*_as_cluster_user(), *command], capture_output=True, text=True, timeout=120
        )
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")

    def init(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.workdir, "postgres")
        self._run(
            str(PG_BIN / "initdb"),
            "--pgdata", str(self.data),
            "--username", PG_USER,
            "--auth", "trust",
            "--encoding", "UTF8",
            "--locale", "C.UTF-8",
            "--no-sync",
        )  # fmt: skip

    def start(self) -> None:
        options = [f"-p {self.port}", "-c listen_addresses=127.0.0.1", f"-k {self.workdir}"]
        options += [f"-c {setting}" for setting in self.settings]
        self._run(
            str(PG_BIN / "pg_ctl"),
            "--pgdata", str(self.data),
            "--log", str(self.log),
            "--options", " ".join(options),
            "--wait",
            "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run(str(PG_BIN / "pg_ctl"), "--pgdata", str(self.data), "--mode", mode, "stop")

    def remove(self) -> None:
        with contextlib.suppress(RuntimeError):
            self.stop("immediate")
        shutil.rmtree(self.workdir, ignore_errors=True)


class PostgresServer:
    """Where test databases are created: our cluster, or ``TEST_DATABASE_URL``."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url

    def create_database(self) -> str:
        """A new empty database; its URL."""
        name = f"test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        base, _, _ = self.admin_url.rpartition("/")
        return f"{base}/{name}"

    def drop_database(self, url: str) -> None:
        name = url.rpartition("/")[2]
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def query_db(target: str, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` (``?`` placeholders) on a SQLite file (opened read only)
    or in the ``diundash`` schema of a PostgreSQL database."""
    if is_database_url(target):
        with psycopg.connect(target, options="-c search_path=diundash") as pg:
            cursor = pg.execute(sql.replace("?", "%s"), tuple(params))
            return cursor.fetchall() if cursor.description else []
    lite = sqlite3.connect(f"file:{target}?mode=ro", uri=True, timeout=10)
    try:
        return lite.execute(sql, tuple(params)).fetchall()
    finally:
        lite.close()


def execute_db(target: str, *statements: str) -> None:
    """Run ``statements`` in one transaction, bypassing diundash (to tamper)."""
    if is_database_url(target):
        with psycopg.connect(target, options="-c search_path=diundash") as pg:
            for statement in statements:
                pg.execute(statement)
        return
    lite = sqlite3.connect(target)
    try:
        with lite:
            for statement in statements:
                lite.execute(statement)
    finally:
        lite.close()
