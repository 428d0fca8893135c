"""diundash export / import: the log as JSON Lines, and back."""

import io
import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diundash.cli import main
from diundash.commands import Commands
from diundash.errors import CommandRejected
from diundash.events.chain import canonical_bytes, chain_hash
from diundash.events.types import Audit
from diundash.ops import transfer
from diundash.storage import open_database
from tests.export_files import write_export
from tests.helpers import SteppingClock, log_rows, read_table_rows

IMAGES = st.sampled_from(["a/one:1", "b/two:2", "docker.io/library/nginx:1.25"])
ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("webhook"), IMAGES, st.sampled_from(["new", "update"])),
        st.tuples(st.just("dismiss"), IMAGES),
        st.tuples(st.just("create_tag"), st.sampled_from(["prod", "dev", "ünïcødé 🚀"])),
        st.tuples(st.just("delete_tag"), st.integers(1, 4)),
        st.tuples(st.just("assign"), IMAGES, st.integers(1, 4)),
        st.tuples(st.just("unassign"), IMAGES),
    ),
    max_size=30,
)


def run_actions(db_path: str, actions: list[tuple]) -> None:
    db = open_database(db_path, "OFF")
    commands = Commands(db, SteppingClock())
    audit = Audit(source="api", remote_addr="127.0.0.1", request_id="r")
    for name, *args in actions:
        try:
            if name == "webhook":
                commands.record_webhook({"image": args[0], "status": args[1], "x": [1]}, audit)
            else:
                getattr(commands, name)(*args, audit)
        except CommandRejected:
            pass
    db.close()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=ACTIONS)
def test_export_then_import_gives_the_same_log_and_read_tables(tmp_path_factory, actions):
    workdir = tmp_path_factory.mktemp("roundtrip")
    source, target = str(workdir / "source.db"), str(workdir / "target.db")
    run_actions(source, actions)

    exported = io.BytesIO()
    count = transfer.export_log(open_database(source, "OFF"), exported)
    imported = transfer.import_log(open_database(target, "OFF"), exported.getvalue().splitlines())

    assert count == imported.events == len(log_rows(source))
    assert log_rows(target) == log_rows(source)
    assert read_table_rows(target) == read_table_rows(source)


@pytest.fixture
def export_file(db_path, tmp_path) -> Path:
    run_actions(
        db_path,
        [("webhook", "a/one:1", "new"), ("create_tag", "prod"), ("assign", "a/one:1", 1)],
    )
    out = tmp_path / "log.jsonl"
    assert main(["export", "--db", db_path, "--out", str(out)]) == 0
    return out


def test_export_writes_one_documented_record_per_line(export_file):
    header, *records = [json.loads(line) for line in export_file.read_text().splitlines()]

    assert header == {"format": "diundash-log", "version": 2}
    assert [record["position"] for record in records] == [1, 2, 3]
    assert records[1] == {
        "position": 2,
        "type": "TagCreated",
        "version": 1,
        "recorded_at": records[1]["recorded_at"],
        "data": {"id": 1, "name": "prod"},
        "audit": {"source": "api", "remote_addr": "127.0.0.1", "request_id": "r", "actor": None},
        "hash": records[1]["hash"],
    }
    assert all(len(record["hash"]) == 64 for record in records)


def test_export_refuses_to_overwrite_a_file(export_file, db_path, capsys):
    assert main(["export", "--db", db_path, "--out", str(export_file)]) == 2
    assert "exists" in capsys.readouterr().err


def test_export_to_standard_output(db_path, export_file, capsysbinary):
    main(["export", "--db", db_path])

    assert capsysbinary.readouterr().out == export_file.read_bytes()


def test_import_into_an_empty_database_rebuilds_the_read_tables(export_file, db_path, tmp_path):
    target = str(tmp_path / "new.db")

    assert main(["import", "--db", target, str(export_file)]) == 0

    assert log_rows(target) == log_rows(db_path)
    assert read_table_rows(target) == read_table_rows(db_path)


def test_import_refuses_a_database_that_has_a_log(export_file, db_path, capsys):
    before = log_rows(db_path)

    assert main(["import", "--db", db_path, str(export_file)]) == 1

    assert "already holds 3 events" in capsys.readouterr().err
    assert log_rows(db_path) == before


def test_import_skips_blank_lines(export_file, tmp_path):
    lines = export_file.read_bytes().splitlines()
    padded = tmp_path / "padded.jsonl"
    padded.write_bytes(b"\n".join([lines[0], b"", b"   ", *lines[1:]]) + b"\n\n")

    assert main(["import", "--db", str(tmp_path / "new.db"), str(padded)]) == 0


BAD_LINES = {
    "not json": (b"{oops", "not valid JSON"),
    "not an object": (b"[1]", "exactly the keys"),
    "missing key": (b'{"position": 3}', "exactly the keys"),
    "gap": (None, "position must be 3"),
    "unknown type": (None, "unknown event type"),
    "bad data": (None, "does not fit"),
    "bad time": (None, "recorded_at"),
    "time with an offset": (None, "recorded_at must be a UTC time"),
    "time going back": (None, "goes back in time"),
    "tag id past 64 bits": (None, "does not fit the events before it"),
    "bad audit": (None, "audit"),
    "missing tag": (None, "does not fit the events before it"),
    "forget of no image": (None, "'image'"),
    "forget of a host with a control character": (None, "'hostname'"),
}


def rehashed(record: dict, previous_hash: str) -> dict:
    """``record`` with its hash made anew (as a forger would), so a changed
    line is refused for what it holds, not for its hash."""
    audit = {"actor": None, **record["audit"]}
    canonical = canonical_bytes(
        record["position"],
        record["type"],
        record["version"],
        record["data"],
        record["recorded_at"],
        audit,
    )
    return dict(record, hash=chain_hash(previous_hash, canonical))


def bad_line(kind: str, good: dict, previous_hash: str) -> tuple[bytes, str]:
    """The bad line of this ``kind``, and its hash (all zeros when it has none)."""
    raw, _ = BAD_LINES[kind]
    if raw is not None:
        return raw, "0" * 64
    record = dict(good, position=3)
    if kind == "gap":
        record["position"] = 4
    elif kind == "unknown type":
        record["type"] = "Mystery"
    elif kind == "bad data":
        record["data"] = {"image": "a/one:1", "tag_id": "one"}
    elif kind == "bad time":
        record["recorded_at"] = "last tuesday"
    elif kind == "time with an offset":
        record["recorded_at"] = "2026-03-23T12:00:00+02:00"
    elif kind == "time going back":
        record["recorded_at"] = "2000-01-01T00:00:00.000000Z"
    elif kind == "tag id past 64 bits":
        record["data"] = {"image": "a/one:1", "tag_id": 2**63}
    elif kind == "bad audit":
        record["audit"] = {"source": "martians", "remote_addr": None, "request_id": None}
    elif kind == "missing tag":
        record["data"] = {"image": "a/one:1", "tag_id": 99}
    elif kind == "forget of no image":
        record["type"], record["data"] = "UpdateForgotten", {"image": "", "host": None}
    elif kind == "forget of a host with a control character":
        record["type"], record["data"] = "HostForgotten", {"hostname": "nas\u0007"}
    record = rehashed(record, previous_hash)
    return json.dumps(record).encode(), record["hash"]


@pytest.mark.parametrize("kind", list(BAD_LINES))
def test_import_reports_the_first_bad_line_and_imports_nothing(export_file, tmp_path, capsys, kind):
    lines = export_file.read_bytes().splitlines()
    broken = tmp_path / "broken.jsonl"
    # The header, two good records, the bad one at line 4, then one that
    # would follow it well (what the projector refuses is found at the end).
    good = json.loads(lines[3])
    bad, bad_hash = bad_line(kind, good, json.loads(lines[2])["hash"])
    after = json.dumps(rehashed(dict(good, position=4), bad_hash)).encode()
    broken.write_bytes(b"\n".join([*lines[:3], bad, after]))
    target = str(tmp_path / "new.db")

    assert main(["import", "--db", target, str(broken)]) == 1

    error = capsys.readouterr().err
    assert "line 4:" in error
    assert BAD_LINES[kind][1] in error
    assert log_rows(target) == []
    assert read_table_rows(target)["updates"] == []


def test_long_runs_report_progress_when_asked(export_file, db_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(transfer, "PROGRESS_EVERY", 1)

    main(["export", "--progress", "--db", db_path, "--out", str(tmp_path / "again.jsonl")])
    main(["import", "--progress", "--db", str(tmp_path / "new.db"), str(export_file)])

    error = capsys.readouterr().err
    assert "exported 2 events (67%), " in error
    assert "events/s" in error
    assert "imported 3 events (" in error
    assert "read 3 events; projecting them into the read tables" in error


@pytest.mark.parametrize("kind", ["missing tag", "tag id past 64 bits"])
def test_an_event_the_projector_refuses_is_named_by_its_line_on_every_engine(
    database, tmp_path, capsys, kind
):
    source = str(tmp_path / "source.db")
    run_actions(source, [("webhook", "a/one:1", "new"), ("create_tag", "prod")])
    exported = tmp_path / "log.jsonl"
    assert main(["export", "--db", source, "--out", str(exported)]) == 0
    header, first, second = exported.read_bytes().splitlines()
    good = dict(json.loads(second), type="TagAssigned")
    bad, _ = bad_line(kind, good, json.loads(second)["hash"])
    # A blank line before it: the line number counts every line of the file.
    exported.write_bytes(b"\n".join([header, first, second, b"", bad]))

    assert main(["import", "--db", database, str(exported)]) == 1

    error = capsys.readouterr().err
    assert "line 5: does not fit the events before it" in error
    assert log_rows(database) == []
    assert read_table_rows(database)["tags"] == []


def test_progress_is_not_reported_unasked_when_standard_error_is_no_terminal(
    export_file, db_path, tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(transfer, "PROGRESS_EVERY", 1)

    main(["export", "--db", db_path, "--out", str(tmp_path / "again.jsonl")])
    main(["import", "--db", str(tmp_path / "new.db"), str(export_file)])

    assert capsys.readouterr().err == "exported 3 events\n"


def test_history_prints_a_timeline_with_digest_changes(db_path, capsys):
    db = open_database(db_path, "OFF")
    commands = Commands(db, SteppingClock())
    audit = Audit(source="webhook")
    commands.record_webhook(
        {"image": "a/one:1", "status": "new", "digest": "sha256:" + "1" * 64}, audit
    )
    commands.create_tag("prod", Audit(source="api"))
    commands.assign("a/one:1", 1, Audit(source="api"))
    commands.record_webhook({"image": "b/two:1", "status": "new"}, audit)
    commands.record_webhook(
        {"image": "a/one:1", "status": "update", "digest": "sha256:" + "2" * 64}, audit
    )

    assert main(["history", "--db", db_path, "a/one:1"]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("#1 ")
    assert "new       a/one:1  sha256:111111111111…" in lines[0]
    assert "tagged    a/one:1 → 'prod' (#1)" in lines[1]
    assert "sha256:111111111111… → sha256:222222222222…" in lines[2]


def test_import_of_a_missing_file_or_a_folder_creates_no_database(tmp_path, capsys):
    target = tmp_path / "new.db"

    assert main(["import", "--db", str(target), str(tmp_path / "nope.jsonl")]) == 2
    assert main(["import", "--db", str(target), str(tmp_path)]) == 2

    assert not target.exists()
    error = capsys.readouterr().err
    assert "nope.jsonl" in error
    assert "Traceback" not in error


def test_output_cut_short_by_the_reader_is_not_an_error(db_path):
    # Well past a pipe's buffer, so the writer meets the closed pipe.
    run_actions(db_path, [("webhook", f"img/{n}:1", "new") for n in range(3000)])
    for command in ("history", "export"):
        piped = subprocess.run(
            f"{sys.executable} -m diundash {command} --db {db_path} | head -c 10",
            shell=True,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert "Traceback" not in piped.stderr
        assert "pipe" not in piped.stderr.lower()
        assert len(piped.stdout) == 10


def test_moving_from_sqlite_to_postgres_keeps_positions_times_and_tag_ids(
    db_path, pg_database, tmp_path, capsys
):
    run_actions(
        db_path,
        [
            ("webhook", "a/one:1", "new"),
            ("create_tag", "prod"),
            ("create_tag", "gone"),
            ("delete_tag", 2),
            ("assign", "a/one:1", 1),
            ("webhook", "b/two:2", "update"),
            ("dismiss", "b/two:2"),
        ],
    )
    moved = tmp_path / "moved.jsonl"

    assert main(["export", "--db", db_path, "--out", str(moved)]) == 0
    assert main(["import", "--db", pg_database, str(moved)]) == 0
    assert main(["verify", "--db", db_path]) == 0
    assert main(["verify", "--db", pg_database]) == 0
    assert "ok: the read tables equal a replay of the log (position 7)" in capsys.readouterr().out

    assert log_rows(pg_database) == log_rows(db_path)
    assert read_table_rows(pg_database) == read_table_rows(db_path)
    db = open_database(pg_database, "OFF")
    try:  # the next tag id continues after the deleted one, as it would have on SQLite
        assert Commands(db, SteppingClock()).create_tag("next", Audit("cli"))["id"] == 3
    finally:
        db.close()


def test_backup_of_a_postgres_database_points_to_pg_dump(pg_database, tmp_path, capsys):
    assert main(["backup", "--db", pg_database, str(tmp_path / "copy.db")]) == 1

    assert "pg_dump" in capsys.readouterr().err
    assert not (tmp_path / "copy.db").exists()


def test_import_refuses_an_export_changed_after_it_was_written(export_file, tmp_path, capsys):
    lines = export_file.read_bytes().splitlines()
    changed = json.loads(lines[2])
    changed["audit"]["remote_addr"] = "203.0.113.9"  # a change no other check sees
    edited = tmp_path / "edited.jsonl"
    edited.write_bytes(b"\n".join([lines[0], lines[1], json.dumps(changed).encode(), *lines[3:]]))
    target = str(tmp_path / "new.db")

    assert main(["import", "--db", target, str(edited)]) == 1

    error = capsys.readouterr().err
    assert "line 3: its hash does not match" in error
    assert "position 2" in error
    assert log_rows(target) == []


def test_an_export_of_format_1_still_imports_and_gets_its_chain(export_file, db_path, tmp_path):
    # Before version 2: no header, no hashes, no actor.
    old = tmp_path / "old.jsonl"
    records = [json.loads(line) for line in export_file.read_bytes().splitlines()[1:]]
    for record in records:
        del record["hash"]
        del record["audit"]["actor"]
    old.write_text("".join(json.dumps(record) + "\n" for record in records))
    target = str(tmp_path / "new.db")

    assert main(["import", "--db", target, str(old)]) == 0

    assert log_rows(target) == log_rows(db_path)
    again = tmp_path / "again.jsonl"
    assert main(["export", "--db", target, "--out", str(again)]) == 0
    assert again.read_bytes() == export_file.read_bytes()  # the same chain


def test_import_refuses_an_export_of_an_unknown_format(tmp_path, capsys):
    future = tmp_path / "future.jsonl"
    future.write_text('{"format": "diundash-log", "version": 3}\n')

    assert main(["import", "--db", str(tmp_path / "new.db"), str(future)]) == 1
    assert "line 1: this is not a diundash export this version reads" in capsys.readouterr().err


def peak_rss_mib(*command: str) -> float:
    """Run ``diundash COMMAND`` in a process of its own; its peak RSS."""
    process = subprocess.Popen([sys.executable, "-m", "diundash", *command])
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.returncode == 0
    return usage.ru_maxrss / 1024


def test_import_and_export_memory_does_not_grow_with_the_log(tmp_path):
    # The same 500 images at both sizes: only the log grows, tenfold. Holding
    # the file, its records or its rows would cost 60 MiB more at 20,000.
    sizes = {}
    for events in (2000, 20_000):
        export = tmp_path / f"{events}.jsonl"
        write_export(export, events)
        target = str(tmp_path / f"{events}.db")
        again = str(tmp_path / f"again-{events}.jsonl")
        sizes[events] = (
            peak_rss_mib("import", "--db", target, str(export)),
            peak_rss_mib("export", "--db", target, "--out", again),
        )
        assert Path(again).read_bytes() == export.read_bytes()

    (small_import, small_export), (large_import, large_export) = sizes[2000], sizes[20_000]
    assert large_import - small_import < 8, sizes
    assert large_export - small_export < 8, sizes


def test_on_a_terminal_progress_is_shown_unasked_and_rewritten_in_place(tmp_path):
    export = tmp_path / "log.jsonl"
    write_export(export, transfer.PROGRESS_EVERY)
    target = str(tmp_path / "new.db")
    assert main(["import", "--db", target, str(export)]) == 0
    leader, follower = pty.openpty()  # standard error is a terminal
    try:
        subprocess.run(
            [sys.executable, "-m", "diundash", "export", "--db", target],
            stdout=subprocess.DEVNULL,
            stderr=follower,
            check=True,
            timeout=60,
        )
        shown = os.read(leader, 65536).decode()
    finally:
        os.close(leader)
        os.close(follower)

    assert re.fullmatch(
        r"\rexported 10000 events \(100%\), \d+ events/s\x1b\[K\r\nexported 10000 events\r\n",
        shown,
    ), shown
