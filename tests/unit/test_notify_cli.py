"""``diundash notify test`` and ``diundash notify digest [--now]``, to a
real receiver; settings are read from the environment as in production."""

import pytest

from diundash.cli import main
from diundash.commands import Commands
from diundash.events.types import Audit
from tests.notify_helpers import sent_events, webhook_body
from tests.receivers import RECEIVER_TOKEN, JsonReceiver, closed_port_url


def test_notify_test_sends_to_every_channel_and_says_how_each_went(
    database, open_db, capsys, monkeypatch
):
    with JsonReceiver() as receiver:
        monkeypatch.setenv("NOTIFY_URLS", f"{receiver.url()}, {closed_port_url()}")
        assert main(["notify", "test", "--db", database]) == 1  # one channel is down

    said = capsys.readouterr().out.splitlines()
    assert said[0] == f"json://127.0.0.1:{receiver.port}: sent"
    assert said[1].startswith("json://127.0.0.1:")
    assert "failed: A Connection error occurred" in said[1]
    assert RECEIVER_TOKEN not in "\n".join(said)
    assert receiver.received[0]["title"] == "diundash: test notification"
    assert [(each["kind"], each["outcome"]) for each in sent_events(database)] == [
        ("test", "sent"),
        ("test", "failed"),
    ]
    assert all(each["retry_at"] is None for each in sent_events(database))  # tried once


def test_notify_digest_prints_it_and_digest_now_sends_it(database, open_db, capsys, monkeypatch):
    Commands(open_db(database)).record_webhook(webhook_body(1), Audit(source="webhook"))
    with JsonReceiver() as receiver:
        monkeypatch.setenv("NOTIFY_URLS", receiver.url())
        assert main(["notify", "digest", "--db", database]) == 0
        printed = capsys.readouterr().out
        assert receiver.received == []
        assert main(["notify", "digest", "--now", "--db", database]) == 0

    assert printed.startswith("diundash digest: 1 update pending on 1 host\n")
    (digest,) = receiver.received
    assert digest["title"] == "diundash digest: 1 update pending on 1 host"
    assert "docker.io/library/app01:1.0" in digest["message"]


def test_notify_without_channels_says_so(database, capsys, monkeypatch):
    monkeypatch.delenv("NOTIFY_URLS", raising=False)
    assert main(["notify", "test", "--db", database]) == 1
    assert "set NOTIFY_URLS" in capsys.readouterr().err


@pytest.mark.parametrize("url", ["nosuchscheme://x/y", "plain text"])
def test_a_url_apprise_does_not_know_is_refused_without_showing_it(
    database, capsys, monkeypatch, url
):
    monkeypatch.setenv("NOTIFY_URLS", url)
    assert main(["notify", "test", "--db", database]) == 2
    said = capsys.readouterr().err
    assert "NOTIFY_URLS: URL 1" in said
    assert "/y" not in said
    assert "text" not in said


def test_a_log_with_notifications_exports_and_imports_whole(database, open_db, tmp_path, capsys):
    from diundash.events.types import NotificationSent

    commands = Commands(open_db(database))
    commands.record_webhook(webhook_body(1), Audit(source="webhook"))
    sent = NotificationSent(
        key="new:1-1",
        kind="new",
        channel="ntfys://ntfy.sh",
        covered={"from_position": 1, "to_position": 1, "count": 1, "positions": [1]},
        title="diundash: 1 new update on 1 host",
        body="web-1 (1)",
        outcome="failed",
        attempt=1,
        attempted_at="2026-12-07T08:01:00.000000Z",
        retry_at="2026-12-07T08:01:30.000000Z",
        error="refused",
    )
    commands.record_notification(sent, Audit(source="job"))
    exported, copy = tmp_path / "log.jsonl", str(tmp_path / "copy.db")
    assert main(["export", "--out", str(exported), "--db", database]) == 0
    assert main(["import", str(exported), "--db", copy]) == 0
    assert main(["verify", "--db", copy]) == 0

    assert sent_events(copy) == sent_events(database)
