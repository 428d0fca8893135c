"""The operator side of sign-in: hash-password, tokens, the session key, and
the actor column an older log gets when opened."""

import subprocess
import sys

import pytest

from diundash.auth.cookies import COOKIE_NAME
from diundash.auth.passwords import hash_password, password_matches
from diundash.cli import main
from diundash.commands import Commands
from diundash.events import store
from diundash.events.types import Audit
from diundash.projections.queries import Queries
from tests.databases import execute_db, query_db
from tests.helpers import SteppingClock, log_rows

PASSWORD = "s3cret password"
PASSWORD_HASH = hash_password(PASSWORD)


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "diundash", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_hash_password_reads_stdin_and_prints_the_hash_last():
    done = run("hash-password", stdin="s3cret password\n")

    assert done.returncode == 0, done.stderr
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("$argon2id$")
    assert password_matches(last, "s3cret password")
    assert not password_matches(last, "s3cret password\n")


def test_hash_password_refuses_an_empty_password():
    assert run("hash-password", stdin="\n").returncode == 1


def test_token_create_prints_the_token_once_last_and_stores_only_its_hash(
    database, open_db, capsys
):
    assert main(["token", "create", "ci-bot", "--read-only", "--db", database]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]

    found = Queries(open_db(database)).find_token(token)
    assert found is not None
    assert (found.name, found.read_only) == ("ci-bot", True)
    assert not any(token in str(row) for row in log_rows(database))
    assert token not in str(query_db(database, "SELECT * FROM tokens"))


def test_token_list_and_revoke(database, capsys):
    main(["token", "create", "a", "--db", database])
    main(["token", "create", "b", "--read-only", "--db", database])
    assert main(["token", "revoke", "a", "--db", database]) == 0
    capsys.readouterr()

    assert main(["token", "list", "--db", database]) == 0
    listed = capsys.readouterr().out.splitlines()

    assert [line.split("\t")[:2] for line in listed] == [["b", "read-only"]]
    assert main(["token", "revoke", "a", "--db", database]) == 1
    assert "no token named 'a'" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["", "with space", "x" * 65, ".dot-first"])
def test_token_names_are_plain(database, name, capsys):
    assert main(["token", "create", name, "--db", database]) == 1


def test_history_names_the_actor_and_shows_token_events(database, open_db, capsys):
    db = open_db(database)
    Commands(db, SteppingClock()).record_webhook({"image": "a/b:1"}, Audit("api", actor="alice"))
    main(["token", "create", "ci-bot", "--db", database])
    capsys.readouterr()

    assert main(["history", "--db", database]) == 0
    lines = capsys.readouterr().out.splitlines()

    assert lines[0].endswith("by alice")
    assert "token     'ci-bot' issued (read-write)" in lines[1]


def test_rotate_session_key_replaces_the_key(database, open_db):
    open_db(database).close()
    before = query_db(database, "SELECT secret FROM session_key")

    assert main(["rotate-session-key", "--db", database]) == 0

    after = query_db(database, "SELECT secret FROM session_key")
    assert len(after) == 1
    assert after != before


def test_an_older_log_gets_the_actor_column_without_rewriting_a_row(database, open_db):
    db = open_db(database)
    Commands(db, SteppingClock()).record_webhook({"image": "a/b:1"}, Audit("webhook"))
    db.close()
    execute_db(database, "ALTER TABLE events DROP COLUMN actor")  # as a log before sign-in
    before = log_rows(database)

    reopened = open_db(database)

    assert [row[:-1] for row in log_rows(database)] == before
    assert [row[-1] for row in log_rows(database)] == [None]
    assert next(store.read_events(reopened)).audit.actor is None


def signed_in_cookies(client) -> dict[str, str]:
    response = client.simulate_post("/api/session", json={"password": PASSWORD})
    assert response.status_code == 200, response.text
    return {COOKIE_NAME: response.cookies[COOKIE_NAME].value}


def test_sessions_revoke_all_ends_every_password_session_on_every_instance(
    database, make_client, capsys
):
    first = make_client(auth_password=PASSWORD_HASH)
    second = make_client(auth_password=PASSWORD_HASH)
    cookies = [signed_in_cookies(first), signed_in_cookies(second)]

    assert main(["sessions", "revoke-all", "--db", database]) == 0

    assert "ended 2 password session(s)" in capsys.readouterr().out
    for client in (first, second):
        for cookie in cookies:
            assert client.simulate_get("/api/updates", cookies=cookie).status_code == 401
    assert signed_in_cookies(first)  # signing in again works


def test_rotate_session_key_ends_sessions_signed_with_session_secret_too(database, make_client):
    client = make_client(auth_password=PASSWORD_HASH, session_secret="s" * 40)
    cookies = signed_in_cookies(client)

    assert main(["rotate-session-key", "--db", database]) == 0

    assert client.simulate_get("/api/updates", cookies=cookies).status_code == 401
