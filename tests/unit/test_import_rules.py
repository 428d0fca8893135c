"""`diundash import` and `diundash import-legacy` apply the API's rules
(input_rules): what the webhook or the API would refuse, an importer refuses
too, naming the line or the row, with exit code 1 and no traceback."""

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest

from diundash.cli import main
from tests.helpers import FIXTURES, log_rows
from tests.live_server import CLI_TIMEOUT, service_env

RECORDED_AT = "2026-03-23T10:00:00.000000Z"
AUDIT = {"source": "webhook", "remote_addr": None, "request_id": None}


def export_line(position: int, type_name: str, data: dict[str, Any], version: int = 1) -> bytes:
    record = {
        "position": position,
        "type": type_name,
        "version": version,
        "recorded_at": RECORDED_AT,
        "data": data,
        "audit": AUDIT,
    }
    return orjson.dumps(record)


def receipt(position: int, **body: Any) -> bytes:
    body = {"image": "docker.io/library/nginx:1.25", **body}
    return export_line(position, "UpdateReceived", {"body": body, "received_at": RECORDED_AT}, 2)


BAD_RECORDS = {
    "image of 5,000,000 characters": (receipt(2, image="a" * 5_000_000), "longer than 1024"),
    "image with a newline": (receipt(2, image="nginx\n:1"), "control characters"),
    "created yesterday": (receipt(2, created="yesterday"), "'created' must be an RFC 3339"),
    "metadata an array": (receipt(2, metadata=[1, 2]), "'metadata' must be an object"),
    "hostname a number": (receipt(2, hostname=7), "'hostname' must be a string"),
    "tag name of 101 characters": (
        export_line(2, "TagCreated", {"id": 1, "name": "t" * 101}),
        "longer than 100",
    ),
    "blank tag name": (export_line(2, "TagCreated", {"id": 1, "name": "  "}), "must not be empty"),
    "tag name with a right-to-left override": (
        export_line(2, "TagCreated", {"id": 1, "name": "abc\u202egpj.exe"}),
        "U+202E RIGHT-TO-LEFT OVERRIDE",
    ),
    "host renamed to a name with a zero-width space": (
        export_line(2, "HostRenamed", {"hostname": "vm", "new_hostname": "prod\u200b"}),
        "U+200B ZERO WIDTH SPACE",
    ),
    "dismissal of an image with NUL": (
        export_line(2, "UpdateDismissed", {"image": "a\x00b", "dismissed_at": RECORDED_AT}),
        "control characters",
    ),
}


@pytest.mark.parametrize("kind", BAD_RECORDS)
def test_import_refuses_what_the_api_refuses_naming_the_line(tmp_path, capsys, kind):
    bad, message = BAD_RECORDS[kind]
    export = tmp_path / "log.jsonl"
    export.write_bytes(receipt(1, image="docker.io/library/redis:7") + b"\n" + bad + b"\n")
    target = str(tmp_path / "new.db")

    assert main(["import", "--db", target, str(export)]) == 1

    error = capsys.readouterr().err
    assert error.startswith("diundash import: nothing was changed: line 2: ")
    assert message in error
    assert len(error) < 300
    assert log_rows(target) == []


SCHEMA = (FIXTURES / "diundashboard-schema.sql").read_text()
LOOSE_TAGS = "CREATE TABLE tags (id, name TEXT NOT NULL)"  # no UNIQUE, any id type


def legacy_db(tmp_path: Path, *statements: str, tags_table: str | None = None) -> Path:
    path = tmp_path / "legacy.db"
    connection = sqlite3.connect(path)
    schema = SCHEMA
    if tags_table is not None:
        start = schema.index("CREATE TABLE IF NOT EXISTS tags")
        schema = schema[:start] + tags_table + ";" + schema[schema.index(";", start) + 1 :]
    connection.executescript(schema)
    connection.execute(
        "INSERT INTO updates (image, received_at) VALUES "
        "('docker.io/library/nginx:1.25', '2026-03-23 10:00:00+00:00')"
    )
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()
    return path


BAD_LEGACY = {
    "duplicate tag names": (
        ["INSERT INTO tags VALUES (1, 'prod')", "INSERT INTO tags VALUES (2, 'prod')"],
        LOOSE_TAGS,
        "tags 1 and 2 have the same name 'prod'",
    ),
    "a text tag id": (["INSERT INTO tags VALUES ('x', 'prod')"], LOOSE_TAGS, "tags row 1: 'id'"),
    "a NULL image": (
        ["INSERT INTO updates (image, received_at) VALUES (NULL, '2026-03-23 10:00:00')"],
        None,
        "updates row 2: 'image' must not be empty",
    ),
    "an image with a tab": (
        ["INSERT INTO updates (image, received_at) VALUES ('a\tb', '2026-03-23 10:00:00')"],
        None,
        "updates row 2: 'image' must not contain control characters",
    ),
    "a created that is no time": (
        ["UPDATE updates SET created = 'yesterday'"],
        None,
        "updates row 1: 'created' must be an RFC 3339 time",
    ),
    "a tag name of 101 characters": (
        [f"INSERT INTO tags VALUES (1, '{'t' * 101}')"],
        None,
        "tags row 1: 'name' is longer than 100 characters",
    ),
    "a tag name of 401 bytes": (
        [f"INSERT INTO tags VALUES (1, '{'t' * 401}')"],
        None,
        "tags row 1 is too large: name is 401 bytes (at most 400)",
    ),
    "a 2 MiB hub_link": (
        ["UPDATE updates SET hub_link = zeroblob(2097152)"],
        None,
        "updates row 1 is too large: its text is 2097",
    ),
}


@pytest.mark.parametrize("kind", BAD_LEGACY)
def test_import_legacy_refuses_a_bad_row_naming_it(tmp_path, db_path, capsys, kind):
    statements, tags_table, message = BAD_LEGACY[kind]
    path = legacy_db(tmp_path, *statements, tags_table=tags_table)

    assert main(["import-legacy", "--db", db_path, str(path)]) == 1

    error = capsys.readouterr().err
    assert error.startswith("diundash import-legacy: nothing was changed: ")
    assert message in error
    assert not Path(db_path).exists()


def test_import_legacy_refuses_a_100_mb_value_without_loading_it(tmp_path, db_path):
    path = legacy_db(tmp_path, "UPDATE updates SET hub_link = printf('%.*c', 100000000, 'x')")
    # The peak memory of the command itself (VmHWM: its own address space,
    # where ru_maxrss would count this process's as of the fork).
    measured = (
        "import sys; from diundash.cli import main; code = main(sys.argv[1:]); "
        "print(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')), "
        "file=sys.stderr); sys.exit(code)"
    )

    result = subprocess.run(
        [sys.executable, "-c", measured, "import-legacy", "--db", db_path, str(path)],
        env=service_env({}),
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT,
        check=False,
    )
    peak_mib = int(result.stderr.rsplit("VmHWM:", 1)[1].split()[0]) / 1024

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "updates row 1 is too large: its text is 1000000" in result.stderr
    assert peak_mib < 80, f"peak {peak_mib:.0f} MiB"
