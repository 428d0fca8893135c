"""diundash import-legacy: a Go DiunDashboard database becomes events, and the
API then answers what the Go service answered for it."""

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from diundash.cli import main
from tests.helpers import FIXTURES, log_rows

SCHEMA = FIXTURES / "diundashboard-schema.sql"
UPDATE_COLUMNS = (
    "image, diun_version, hostname, status, provider, hub_link, mime_type, digest, created, "
    "platform, ctn_name, ctn_id, ctn_state, ctn_status, received_at, acknowledged_at"
)
ROWS = [
    # Times as Go's SQLite driver wrote time.Time, and as datetime('now') wrote acknowledged_at.
    (
        "docker.io/library/nginx:1.25",
        "4.28.0",
        "host-a",
        "new",
        "docker",
        "https://hub.docker.com/_/nginx",
        "application/vnd.docker.distribution.manifest.v2+json",
        "sha256:aaa",
        "2026-03-20 08:00:00+00:00",
        "linux/amd64",
        "web",
        "c1",
        "running",
        "Up 2 days",
        "2026-03-23 10:00:00.123456789+00:00",
        None,
    ),
    (
        "ghcr.io/org/app:2",
        "4.28.0",
        "host-b",
        "update",
        "docker",
        "",
        "application/x",
        "sha256:bbb",
        "2026-03-21 09:30:00.5+02:00",
        "linux/arm64",
        "app",
        "c2",
        "exited",
        "Exited (0)",
        "2026-03-22 07:00:00+00:00",
        "2026-03-23 12:00:00",
    ),
    (
        "registry.local:5000/tool:1",
        "4.28.0",
        "host-a",
        "new",
        "file",
        "",
        "",
        "sha256:ccc",
        "",
        "",
        "",
        "",
        "",
        "",
        "2026-03-24 01:02:03+00:00",
        "2026-03-24 02:00:00",
    ),
]
TAGS = [(2, "production"), (5, "staging"), (9, "empty")]  # gaps, and one never assigned
ASSIGNMENTS = [
    ("docker.io/library/nginx:1.25", 2),
    ("ghcr.io/org/app:2", 5),
    ("not-tracked/image:1", 9),  # every tag gets one; this image has no update row
    ("orphan/image:1", 77),  # points at a tag that is gone (foreign keys were off)
]


@pytest.fixture
def legacy_db(tmp_path) -> Path:
    path = tmp_path / "legacy-diun.db"
    connection = sqlite3.connect(path)
    connection.executescript(SCHEMA.read_text())
    connection.executemany(
        f"INSERT INTO updates ({UPDATE_COLUMNS}) VALUES ({', '.join('?' * 16)})", ROWS
    )
    connection.executemany("INSERT INTO tags (id, name) VALUES (?, ?)", TAGS)
    connection.executemany("INSERT INTO tag_assignments VALUES (?, ?)", ASSIGNMENTS)
    connection.commit()
    connection.close()
    return path


def go_answer() -> dict:
    """What DiunDashboard's GET /api/updates answered for ROWS."""
    tags = dict(TAGS)
    assigned = dict(ASSIGNMENTS)
    answer: dict[str, Any] = {}
    for row in ROWS:
        image = row[0]
        tag_id = assigned.get(image)
        answer[image] = {
            "event": {
                "diun_version": row[1],
                "hostname": row[2],
                "status": row[3],
                "provider": row[4],
                "image": image,
                "hub_link": row[5],
                "mime_type": row[6],
                "digest": row[7],
                "created": None,
                "platform": row[9],
                "metadata": {
                    "ctn_names": row[10],
                    "ctn_id": row[11],
                    "ctn_state": row[12],
                    "ctn_status": row[13],
                },
            },
            "acknowledged": row[15] is not None,
            "tag": {"id": tag_id, "name": tags[tag_id]} if tag_id else None,
        }
    answer["docker.io/library/nginx:1.25"]["event"]["created"] = "2026-03-20T08:00:00Z"
    answer["ghcr.io/org/app:2"]["event"]["created"] = "2026-03-21T09:30:00.5+02:00"
    answer["docker.io/library/nginx:1.25"]["received_at"] = "2026-03-23T10:00:00.123456789Z"
    answer["ghcr.io/org/app:2"]["received_at"] = "2026-03-22T07:00:00Z"
    answer["registry.local:5000/tool:1"]["received_at"] = "2026-03-24T01:02:03Z"
    return answer


ADDED_FIELDS = (
    "acknowledged_at",
    "hosts",
    "repository",
    "image_tag",
    "previous_tag",
    "change",
    "snoozed_until",
    "resolution",
    "deployed_at",
)


def test_import_legacy_then_the_api_answers_what_diundashboard_did(
    legacy_db, make_client, database, capsys
):
    assert main(["import-legacy", "--db", database, str(legacy_db)]) == 0

    client = make_client()
    updates = client.simulate_get("/api/updates").json
    for update in updates.values():
        for added in ADDED_FIELDS:  # diundash's additions to the shape
            update.pop(added)
    assert updates == go_answer()
    assert client.simulate_get("/api/tags").json == [{"id": i, "name": n} for i, n in TAGS]
    out = capsys.readouterr()
    assert "imported 3 tags, 3 updates (2 dismissed) and 3 tag assignments" in out.out
    assert "orphan/image:1" in out.err


def test_imported_events_keep_the_original_times_in_history_order(legacy_db, database, make_client):
    main(["import-legacy", "--db", database, str(legacy_db)])

    events = make_client().simulate_get("/api/events").json["events"]
    summary = [
        (e["type"], e["data"].get("image") or e["data"].get("body", {}).get("image"))
        for e in events
    ]
    assert summary == [
        ("TagCreated", None),
        ("TagCreated", None),
        ("TagCreated", None),
        ("UpdateReceived", "ghcr.io/org/app:2"),
        ("UpdateReceived", "docker.io/library/nginx:1.25"),
        ("UpdateReceived", "registry.local:5000/tool:1"),
        ("UpdateDismissed", "ghcr.io/org/app:2"),
        ("UpdateDismissed", "registry.local:5000/tool:1"),
        ("TagAssigned", "docker.io/library/nginx:1.25"),
        ("TagAssigned", "ghcr.io/org/app:2"),
        ("TagAssigned", "not-tracked/image:1"),
    ]
    assert {e["audit"]["source"] for e in events} == {"import"}
    dismissed = [e["data"]["dismissed_at"] for e in events if e["type"] == "UpdateDismissed"]
    assert dismissed == ["2026-03-23T12:00:00Z", "2026-03-24T02:00:00Z"]


def test_new_tags_after_an_import_never_reuse_an_imported_id(legacy_db, database, make_client):
    main(["import-legacy", "--db", database, str(legacy_db)])

    response = make_client().simulate_post("/api/tags", json={"name": "new"})

    assert response.json["id"] == 10


def test_import_legacy_leaves_the_legacy_file_untouched(legacy_db, db_path):
    before = legacy_db.read_bytes()

    main(["import-legacy", "--db", db_path, str(legacy_db)])

    assert legacy_db.read_bytes() == before


def test_import_legacy_then_verify_passes(legacy_db, database):
    main(["import-legacy", "--db", database, str(legacy_db)])

    assert main(["verify", "--db", database]) == 0


def test_import_legacy_refuses_a_database_with_a_log(legacy_db, database, capsys):
    main(["import-legacy", "--db", database, str(legacy_db)])
    before = log_rows(database)

    assert main(["import-legacy", "--db", database, str(legacy_db)]) == 1

    assert "already holds 11 events" in capsys.readouterr().err
    assert log_rows(database) == before


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("CREATE TABLE other (x)", "not a DiunDashboard database"),
        (None, "no file at"),
        ("NOT SQLITE", "cannot read"),
    ],
)
def test_import_legacy_refuses_what_is_not_a_diundashboard_db(
    tmp_path, db_path, capsys, setup, message
):
    path = tmp_path / "other.db"
    if setup == "NOT SQLITE":
        path.write_bytes(b"this is not a database, just some text " * 100)
    elif setup:
        connection = sqlite3.connect(path)
        connection.execute(setup)
        connection.close()

    assert main(["import-legacy", "--db", db_path, str(path)]) == 1

    assert message in capsys.readouterr().err
    assert not Path(db_path).exists()  # refused before a database was created


def test_an_unreadable_time_is_refused_naming_the_image(legacy_db, db_path, capsys):
    connection = sqlite3.connect(legacy_db)
    connection.execute("UPDATE updates SET received_at = 'sometime' WHERE image LIKE 'ghcr%'")
    connection.commit()
    connection.close()

    assert main(["import-legacy", "--db", db_path, str(legacy_db)]) == 1

    assert "ghcr.io/org/app:2" in capsys.readouterr().err
    assert not Path(db_path).exists()


@pytest.mark.parametrize("command", [["serve"], ["verify"], ["replay"], ["history"], ["export"]])
def test_diundash_refuses_to_run_on_a_diundashboard_file_and_leaves_it_untouched(
    legacy_db, monkeypatch, capsys, command
):
    before = legacy_db.read_bytes()
    monkeypatch.setenv("DB_PATH", str(legacy_db))

    assert main(command) == 2

    error = capsys.readouterr().err
    assert "is a DiunDashboard database" in error
    assert "import-legacy" in error
    assert legacy_db.read_bytes() == before
    assert sorted(p.name for p in legacy_db.parent.iterdir()) == ["legacy-diun.db"]


def test_the_app_refuses_a_diundashboard_file(legacy_db, make_client):
    from diundash.storage import NotADiundashDatabase

    with pytest.raises(NotADiundashDatabase, match="import-legacy"):
        make_client(db_path=str(legacy_db), database_url="")
