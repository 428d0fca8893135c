"""`diundash backup`: an online copy, consistent and checked, even while the
service is writing."""

import re
import sqlite3
import threading
import time
from pathlib import Path

import pytest
import requests

from diundash.cli import main
from diundash.commands import Commands
from diundash.events.types import Audit
from diundash.ops.backup import BackupError, backup_database
from diundash.storage import open_database
from tests.helpers import SECRET, SteppingClock, log_rows, read_table_rows
from tests.live_server import LiveServer, run_cli, verify

CLI = Audit(source="cli")
BUSY_EVENTS = 302
WRITER_SECONDS = 20.0  # the most the background writer runs, whatever happens


def fill(db_path: str, updates: int, padding: int = 0) -> None:
    """``updates`` webhooks (each body ``padding`` bytes larger), a tag and an
    assignment: ``updates + 2`` events, in one transaction."""
    db = open_database(db_path, "NORMAL")
    commands = Commands(db, SteppingClock())
    with db.atomic():
        for number in range(updates):
            body = {"image": f"registry.example/app{number}:1.0", "notes": "x" * padding}
            commands.record_webhook(body, CLI)
        commands.assign("registry.example/app0:1.0", commands.create_tag("prod", CLI)["id"], CLI)
    db.close()


@pytest.fixture
def filled_db(db_path):
    fill(db_path, 20)
    return db_path


def test_backup_copies_the_log_and_the_read_tables(filled_db, tmp_path, capsys):
    dest = tmp_path / "copy.db"

    assert main(["backup", str(dest), "--db", filled_db]) == 0

    assert capsys.readouterr().out.endswith("log position 22); integrity check ok\n")
    assert log_rows(str(dest)) == log_rows(filled_db)
    assert read_table_rows(str(dest)) == read_table_rows(filled_db)
    assert verify(str(dest)).returncode == 0


def test_the_copy_is_one_self_contained_file(filled_db, tmp_path):
    dest = tmp_path / "copy.db"

    backup_database(filled_db, dest)

    assert sorted(path.name for path in tmp_path.iterdir() if "copy" in path.name) == ["copy.db"]
    with sqlite3.connect(f"{dest.as_uri()}?mode=ro", uri=True) as copy:
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    copy.close()


def test_backup_refuses_to_overwrite_unless_forced(filled_db, tmp_path, capsys):
    dest = tmp_path / "copy.db"
    dest.write_bytes(b"keep me")

    assert main(["backup", str(dest), "--db", filled_db]) == 2
    assert "exists: pass --force" in capsys.readouterr().err
    assert dest.read_bytes() == b"keep me"

    assert main(["backup", str(dest), "--db", filled_db, "--force"]) == 0
    assert log_rows(str(dest)) == log_rows(filled_db)


def test_backup_never_overwrites_the_database_itself(filled_db, capsys):
    before = log_rows(filled_db)

    assert main(["backup", filled_db, "--db", filled_db, "--force"]) == 1

    assert "is the database itself" in capsys.readouterr().err
    assert log_rows(filled_db) == before


def test_backup_of_a_missing_database_creates_nothing(tmp_path, capsys):
    dest = tmp_path / "copy.db"

    assert main(["backup", str(dest), "--db", str(tmp_path / "none.db")]) == 2

    assert "no database at" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_copy_that_is_not_a_diundash_database_is_refused_and_not_kept(tmp_path):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE something (x)")
    connection.close()

    with pytest.raises(BackupError, match="not a diundash database"):
        backup_database(other, tmp_path / "copy.db")

    assert sorted(path.name for path in tmp_path.iterdir()) == ["other.db"]


def test_progress_is_reported_step_by_step(db_path, tmp_path):
    fill(db_path, 50, padding=2000)
    steps: list[tuple[int, int]] = []

    result = backup_database(db_path, tmp_path / "copy.db", progress=lambda *s: steps.append(s))
    assert len(steps) == 1  # a small database is one step

    steps.clear()
    result = backup_database(
        db_path,
        tmp_path / "copy.db",
        force=True,
        pages_per_step=8,
        progress=lambda *s: steps.append(s),
    )

    assert len(steps) == -(-result.pages // 8) > 1
    assert [copied for copied, _ in steps] == sorted(copied for copied, _ in steps)
    assert steps[-1] == (result.pages, result.pages)


def test_the_command_prints_progress_for_a_large_database(db_path, tmp_path, capsys):
    fill(db_path, 1300, padding=4000)  # about 11 MiB: several 4 MiB steps

    assert main(["backup", str(tmp_path / "copy.db"), "--db", db_path]) == 0

    progress = capsys.readouterr().err.splitlines()
    assert len(progress) >= 2
    last = re.fullmatch(r"copied (\d+) of (\d+) pages", progress[-1])
    assert last, progress
    assert last[1] == last[2]


class Writer(threading.Thread):
    """Posts webhooks to the live service until stopped (or WRITER_SECONDS pass)."""

    def __init__(self, server: LiveServer) -> None:
        super().__init__(daemon=True)
        self.server = server
        self.accepted = 0
        self.failures: list[str] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        deadline = time.monotonic() + WRITER_SECONDS
        with requests.Session() as session:
            while not self.stopping.is_set() and time.monotonic() < deadline:
                image = f"registry.example/live{self.accepted}:1.0"
                response = session.post(
                    self.server.url("/webhook"),
                    json={"image": image},
                    headers={"Authorization": SECRET},
                    timeout=10,
                )
                if response.status_code == 200:
                    self.accepted += 1
                else:
                    self.failures.append(f"{response.status_code} {response.text}")

    def wait_for(self, accepted: int) -> None:
        deadline = time.monotonic() + WRITER_SECONDS
        while self.accepted < accepted and time.monotonic() < deadline and not self.failures:
            time.sleep(0.01)
        assert self.accepted >= accepted, self.failures

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=WRITER_SECONDS)


@pytest.fixture
def busy_server(tmp_path):
    """The real service on a database of BUSY_EVENTS events, and a writer appending to it."""
    workdir = tmp_path / "server"
    workdir.mkdir()
    fill(str(workdir / "diun.db"), BUSY_EVENTS - 2, padding=1000)
    with LiveServer(workdir, secret=SECRET) as server:
        writer = Writer(server)
        writer.start()
        try:
            writer.wait_for(5)
            yield server, writer
        finally:
            writer.stop()


def assert_consistent_copy(path: Path) -> int:
    """The copy's log is gap-free and its read tables reflect all of it."""
    positions = [row[0] for row in log_rows(str(path))]
    assert positions == list(range(1, len(positions) + 1))
    assert [row[:2] for row in read_table_rows(str(path))["projection_state"]] == [
        (1, len(positions))
    ]
    assert verify(str(path)).returncode == 0
    return len(positions)


def test_a_stepped_backup_finishes_while_the_service_keeps_writing(busy_server, tmp_path):
    server, writer = busy_server
    before = writer.accepted
    steps: list[int] = []

    def slow_step(copied: int, total: int) -> None:
        steps.append(copied)
        time.sleep(0.002)  # so that the service writes between the steps

    result = backup_database(
        server.db_path, tmp_path / "copy.db", pages_per_step=4, progress=slow_step
    )

    # Without one read snapshot, SQLite restarts a stepped backup after every
    # write by another connection: it would only end once the writer stopped.
    assert writer.is_alive(), "the backup only finished when the writes stopped"
    assert len(steps) == -(-result.pages // 4), "the backup restarted"
    assert writer.accepted > before, "no write was accepted while the backup ran"
    assert writer.failures == []
    assert assert_consistent_copy(result.path) == result.log_position >= BUSY_EVENTS + 5
    assert result.projection_position == result.log_position


def test_the_backup_command_copies_the_live_database(busy_server, tmp_path):
    server, writer = busy_server
    dest = tmp_path / "copy.db"

    result = run_cli("backup", str(dest), "--db", server.db_path)
    writer.wait_for(writer.accepted + 5)  # the service still accepts writes afterwards

    assert result.returncode == 0, result.stderr
    assert "integrity check ok" in result.stdout
    assert assert_consistent_copy(dest) >= BUSY_EVENTS + 5
    assert writer.failures == []
