"""What the unkeyed hash chain lets an operator notice, as the CLI shows it:
a hash noted earlier checked with ``--expect-hash`` (verify and import), the
latest hash import prints, the warning on an export without hashes, events
with no stored hash, and the input rules imported token events obey."""

import json
import logging
import re
from pathlib import Path
from typing import Any

import pytest

from diundash.auth.tokens import token_hash
from diundash.cli import main
from diundash.commands import Commands
from diundash.events.chain import GENESIS, canonical_bytes, chain_hash
from diundash.events.integrity import ensure_chain
from diundash.events.types import Audit
from diundash.storage import is_database_url, open_database
from tests.databases import execute_db, query_db
from tests.helpers import SteppingClock, log_rows, read_table_rows

CLI = Audit(source="cli")
LATEST = re.compile(r"latest hash (\d+):([0-9a-f]{64})")
KNOWN_TOKEN = "ddt_the-attacker-knows-this-one"


def record_log(database: str, webhooks: int = 2) -> None:
    """A log of ``webhooks`` receipts, then a tag, an assignment and a dismissal."""
    db = open_database(database, "NORMAL")
    try:
        commands = Commands(db, SteppingClock())
        for n in range(webhooks):
            commands.record_webhook({"image": f"docker.io/library/app{n}:1", "status": "new"}, CLI)
        tag = commands.create_tag("production", CLI)
        commands.assign("docker.io/library/app0:1", tag["id"], CLI)
        commands.dismiss("docker.io/library/app1:1", CLI)
    finally:
        db.close()


def add_webhooks(database: str, count: int) -> None:
    db = open_database(database, "NORMAL")
    try:
        commands = Commands(db, SteppingClock())
        for n in range(count):
            commands.record_webhook({"image": f"docker.io/library/more{n}:1"}, CLI)
    finally:
        db.close()


def noted_hash(database: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """What an operator notes from ``verify``: the latest position and hash."""
    assert main(["verify", "--db", database]) == 0
    found = LATEST.search(capsys.readouterr().out)
    assert found, "verify prints the latest hash as POSITION:HASH"
    return int(found[1]), found[2]


def export_records(source: str, tmp_path: Path) -> list[dict[str, Any]]:
    out = tmp_path / "export.jsonl"
    assert main(["export", "--db", source, "--out", str(out)]) == 0
    return [json.loads(line) for line in out.read_bytes().splitlines()[1:]]


def rechained(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``records`` renumbered and hashed anew from the start, as a forger would."""
    previous, chained = GENESIS, []
    for position, record in enumerate(records, start=1):
        record = dict(record, position=position)
        audit = {"actor": None, **record["audit"]}
        previous = chain_hash(
            previous,
            canonical_bytes(
                position,
                record["type"],
                record["version"],
                record["data"],
                record["recorded_at"],
                audit,
            ),
        )
        chained.append(dict(record, hash=previous))
    return chained


def write_export(path: Path, records: list[dict[str, Any]], header: bool = True) -> Path:
    lines = [{"format": "diundash-log", "version": 2}] if header else []
    path.write_text("".join(json.dumps(line) + "\n" for line in [*lines, *records]))
    return path


def token_record(after: dict[str, Any], **data: Any) -> dict[str, Any]:
    """A ``TokenIssued`` record recorded at the time of ``after``."""
    issued = {
        "name": "backdoor",
        "token_hash": token_hash(KNOWN_TOKEN),
        "read_only": False,
        "issued_at": after["recorded_at"],
    }
    return {
        "position": after["position"] + 1,
        "type": "TokenIssued",
        "version": 1,
        "recorded_at": after["recorded_at"],
        "data": {**issued, **data},
        "audit": {"source": "cli", "remote_addr": None, "request_id": None, "actor": None},
    }


@pytest.fixture
def source(tmp_path: Path) -> str:
    """A SQLite log of five events, the one the operator noted a hash of."""
    path = str(tmp_path / "source.db")
    record_log(path)
    return path


def test_a_forged_export_imports_and_verifies_yet_fails_against_a_noted_hash(
    source, database, tmp_path, capsys
):
    position, noted = noted_hash(source, capsys)
    records = export_records(source, tmp_path)
    # A token the forger knows, slipped in after the first event, every hash made anew.
    forged = write_export(
        tmp_path / "forged.jsonl",
        rechained([records[0], token_record(records[0]), *records[1:]]),
    )

    assert main(["import", "--db", database, "--expect-hash", noted, str(forged)]) == 1
    error = capsys.readouterr().err
    assert "nothing was changed" in error
    assert f"the expected hash {noted} is nowhere in the export's chain of 6 events" in error
    assert log_rows(database) == []
    assert read_table_rows(database)["updates"] == []

    # Unkeyed, the chain cannot refuse it: it imports and verify passes...
    assert main(["import", "--db", database, str(forged)]) == 0
    imported = LATEST.search(capsys.readouterr().out)
    assert imported
    assert imported[1] == "6"
    assert main(["verify", "--db", database]) == 0
    capsys.readouterr()
    # ...but the hash noted before says where the chains part.
    assert main(["verify", "--db", database, "--expect-hash", f"{position}:{noted}"]) == 1
    out = capsys.readouterr().out
    assert f"at position {position} the log's hash is " in out
    assert f"not the expected {noted}" in out


def test_import_prints_the_latest_hash_and_accepts_the_one_noted(
    source, database, tmp_path, capsys
):
    position, noted = noted_hash(source, capsys)
    export = write_export(tmp_path / "log.jsonl", export_records(source, tmp_path))

    assert main(["import", "--db", database, "--expect-hash", noted, str(export)]) == 0

    out = capsys.readouterr().out
    assert f"latest hash {position}:{noted}" in out
    assert f"ok: the export up to position {position} is the one whose hash was noted" in out
    assert log_rows(database) == log_rows(source)


def test_verify_accepts_a_noted_hash_after_the_log_grew(database, capsys):
    record_log(database)
    position, noted = noted_hash(database, capsys)
    add_webhooks(database, 4)

    for expected in (noted, f"{position}:{noted}"):
        assert main(["verify", "--db", database, "--expect-hash", expected]) == 0
        out = capsys.readouterr().out
        assert (
            f"ok: the log up to position {position} is the one whose hash was noted "
            "(4 events after it)"
        ) in out


def test_verify_says_where_a_log_parts_from_the_noted_hash(database, tmp_path, capsys):
    record_log(database)
    _, noted = noted_hash(database, capsys)
    other = "f" * 64

    assert main(["verify", "--db", database, "--expect-hash", other]) == 1
    assert f"the expected hash {other} is nowhere in the log's chain of 5 events" in (
        capsys.readouterr().out
    )
    assert main(["verify", "--db", database, "--expect-hash", f"3:{other}"]) == 1
    assert "at position 3 the log's hash is " in capsys.readouterr().out
    assert main(["verify", "--db", database, "--expect-hash", f"3:{noted}"]) == 1
    assert "the expected hash is the log's at position 5, not 3" in capsys.readouterr().out
    assert main(["verify", "--db", database, "--expect-hash", f"9:{other}"]) == 1
    assert "the log ends at position 5, before position 9 of the expected hash" in (
        capsys.readouterr().out
    )


def test_a_malformed_expected_hash_is_a_usage_error(database, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["verify", "--db", database, "--expect-hash", "abc"])
    assert exit_.value.code == 2
    assert "POSITION:HASH" in capsys.readouterr().err


def test_importing_format_1_warns_that_nothing_was_hash_protected(
    source, database, tmp_path, capsys
):
    records = export_records(source, tmp_path)
    for record in records:
        del record["hash"]
    old = write_export(tmp_path / "old.jsonl", records, header=False)

    assert main(["import", "--db", database, str(old)]) == 0

    captured = capsys.readouterr()
    assert "nothing in it was hash-protected" in captured.err
    assert LATEST.search(captured.out)


BAD_TOKEN_EVENTS: dict[str, tuple[dict[str, Any], str]] = {
    "a name token create refuses": ({"name": "evil name"}, "'name'"),
    "a name too long": ({"name": "x" * 65}, "'name'"),
    "a name with a bidi override": ({"name": "ci\u202e"}, "'name'"),
    "a hash that is no SHA-256": ({"token_hash": "abc"}, "'token_hash'"),
    "a hash in capitals": ({"token_hash": "A" * 64}, "'token_hash'"),
    "read_only not a bool": ({"read_only": 1}, "read_only"),
    "issued_at no time": ({"issued_at": "yesterday"}, "'issued_at'"),
}


@pytest.mark.parametrize("kind", list(BAD_TOKEN_EVENTS))
def test_an_imported_token_event_obeys_the_rules_of_token_create(
    kind, source, database, tmp_path, capsys
):
    data, named = BAD_TOKEN_EVENTS[kind]
    records = export_records(source, tmp_path)
    bad = write_export(
        tmp_path / "bad.jsonl", rechained([*records, token_record(records[-1], **data)])
    )

    assert main(["import", "--db", database, str(bad)]) == 1

    error = capsys.readouterr().err
    assert "line 7:" in error
    assert named in error
    assert log_rows(database) == []


def test_an_imported_revocation_names_a_token_token_create_could_issue(
    source, database, tmp_path, capsys
):
    records = export_records(source, tmp_path)
    revoked = dict(token_record(records[-1]), type="TokenRevoked", data={"name": "evil name"})
    bad = write_export(tmp_path / "bad.jsonl", rechained([*records, revoked]))

    assert main(["import", "--db", database, str(bad)]) == 1

    assert "line 7: 'name'" in capsys.readouterr().err
    assert log_rows(database) == []


def test_an_imported_token_name_already_live_does_not_fit(source, database, tmp_path, capsys):
    records = export_records(source, tmp_path)
    first = token_record(records[-1], name="ci")
    again = token_record(first, name="ci", token_hash=token_hash("ddt_another"))
    bad = write_export(tmp_path / "bad.jsonl", rechained([*records, first, again]))

    assert main(["import", "--db", database, str(bad)]) == 1

    assert "line 8: does not fit the events before it" in capsys.readouterr().err
    assert log_rows(database) == []


@pytest.mark.parametrize(
    "name", ["ci-bot", "a", "A.b_c-9", "x" * 64, "x" * 65, "with space", ".dot", "é", "ci\u200b"]
)
def test_token_create_and_import_take_the_same_names(name, source, tmp_path, capsys):
    records = export_records(source, tmp_path)
    export = write_export(
        tmp_path / "token.jsonl", rechained([*records, token_record(records[-1], name=name)])
    )

    created = main(["token", "create", name, "--db", str(tmp_path / "created.db")])
    imported = main(["import", "--db", str(tmp_path / "imported.db"), str(export)])

    assert created == imported
    if created:
        assert "is not a token name" in capsys.readouterr().err


def delete_hashes_from(database: str, position: int) -> None:
    """Remove hash rows past the append-only trigger, as only a direct edit can."""
    unguard = (
        "ALTER TABLE event_hashes DISABLE TRIGGER event_hashes_append_only"
        if is_database_url(database)
        else "DROP TRIGGER event_hashes_no_delete"
    )
    execute_db(database, unguard, f"DELETE FROM event_hashes WHERE position >= {position}")


def test_verify_fails_when_hashes_are_missing_after_the_first_one(database, capsys):
    record_log(database, webhooks=4)  # seven events
    delete_hashes_from(database, 5)

    assert main(["verify", "--db", database]) == 1

    out = capsys.readouterr().out
    assert out.startswith("BROKEN: the hash chain breaks at position 5: its hash is missing")
    assert "3 of 7 events have no stored hash" in out
    assert "holds" not in out


def test_verify_passes_an_older_log_before_its_first_open_and_says_it_is_unhashed(database, capsys):
    record_log(database, webhooks=4)
    delete_hashes_from(database, 1)  # as a log from before the chain has none

    assert main(["verify", "--db", database]) == 0

    out = capsys.readouterr().out
    assert out.startswith("ok: none of the 7 events has a stored hash yet")
    assert "holds" not in out
    assert query_db(database, "SELECT count(*) FROM event_hashes") == [(0,)]


def test_opening_a_log_whose_hashes_stop_short_hashes_the_rest_and_says_so(
    database, caplog, capsys
):
    record_log(database, webhooks=4)
    _, latest = noted_hash(database, capsys)
    delete_hashes_from(database, 5)
    db = open_database(database, "NORMAL")
    try:
        with caplog.at_level(logging.WARNING):
            assert ensure_chain(db) == 3
    finally:
        db.close()

    assert "events 5 to 7 of the log had no stored hash though those before them had" in (
        caplog.text
    )
    # Hashed as they are now: only a hash noted before tells whether they changed.
    assert main(["verify", "--db", database, "--expect-hash", f"7:{latest}"]) == 0
