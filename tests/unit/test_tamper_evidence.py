"""What an export may bring in: the input rules imported token events obey."""

import json
import re
from pathlib import Path
from typing import Any

import pytest

from diundash.auth.tokens import token_hash
from diundash.cli import main
from diundash.commands import Commands
from diundash.events.chain import GENESIS, canonical_bytes, chain_hash
from diundash.events.types import Audit
from diundash.storage import open_database
from tests.helpers import SteppingClock, log_rows

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
