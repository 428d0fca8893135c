"""Digests on a cron schedule in TZ, and reminders of what waits too long,
to a real receiver; a restart never sends a digest again. The frozen clock
drives the schedule."""

from datetime import timedelta
from urllib.parse import quote

from diundash.commands import Commands
from diundash.events.types import Audit
from tests.notify_helpers import frozen, notify_service, post_webhook, sent_events, webhook_body
from tests.receivers import JsonReceiver

# Mondays at 9:00 in Paris: 08:00 UTC in winter.
WEEKLY = {"digest_schedule": "0 9 * * 1", "timezone": "Europe/Paris"}
SUNDAY = "2026-12-06T12:00:00Z"
MONDAY_9 = "2026-12-07T08:00:00Z"


def image(number: int) -> str:
    return f"docker.io/library/app{number:02d}:1.0"


def test_a_digest_lists_exactly_what_is_pending(settings, open_db, database):
    with JsonReceiver() as receiver, frozen(SUNDAY) as clock:
        service, client = notify_service(settings, open_db, urls=(receiver.url(),), **WEEKLY)
        for number in range(6):
            post_webhook(client, webhook_body(number))
        for number in (1, 4):
            client.simulate_patch(f"/api/updates/{quote(image(number), safe='')}")
        assert client.simulate_get("/api/notifications").json["digest"]["next_at"] == (
            "2026-12-07T08:00:00.000000Z"
        )
        clock.move_to("2026-12-07T07:59:59Z")
        assert service.jobs.run_due() == []
        clock.move_to(MONDAY_9)
        assert service.jobs.run_due() == ["notify"]
        clock.tick(3600)
        service.jobs.run_due()

    (digest,) = receiver.received
    assert digest["title"] == "diundash digest: 4 updates pending on 2 hosts"
    listed = {line.split()[0] for line in digest["message"].splitlines() if line.startswith("  d")}
    assert listed == {image(number) for number in (0, 2, 3, 5)}
    assert "Arrived since the last digest: 4" in digest["message"]
    (event,) = sent_events(database)
    assert event["covered"]["slot"] == "2026-12-07T08:00:00.000000Z"
    assert event["covered"]["pending"] == 4


def test_nothing_pending_and_nothing_new_sends_no_digest_unless_asked(settings, open_db):
    with JsonReceiver() as quiet, JsonReceiver() as told, frozen(SUNDAY) as clock:
        service, _ = notify_service(settings, open_db, urls=(quiet.url(),), **WEEKLY)
        clock.move_to(MONDAY_9)
        service.jobs.run_due()
        clock.tick(timedelta(days=7))
        service.jobs.run_due()
        when_empty, _ = notify_service(
            settings, open_db, urls=(told.url(),), digest_when_empty=True, **WEEKLY
        )
        clock.tick(timedelta(days=7))
        when_empty.jobs.run_due()

    assert quiet.received == []
    (digest,) = told.received
    assert digest["title"] == "diundash digest: nothing pending"


def test_a_restart_after_a_sent_digest_does_not_resend_it(settings, open_db):
    with JsonReceiver() as receiver, frozen(SUNDAY) as clock:
        service, client = notify_service(settings, open_db, urls=(receiver.url(),), **WEEKLY)
        post_webhook(client, webhook_body(1))
        clock.move_to(MONDAY_9)
        service.jobs.run_due()
        clock.tick(300)
        restarted, _ = notify_service(settings, open_db, urls=(receiver.url(),), **WEEKLY)
        assert restarted.jobs.run_due() == []
        assert restarted.notifier is not None
        next_at = restarted.notifier.next_digest_at()
        assert next_at is not None
        assert next_at.isoformat() == "2026-12-14T08:00:00+00:00"
        clock.move_to("2026-12-14T08:00:00Z")
        restarted.jobs.run_due()

    assert [each["title"] for each in receiver.received] == [
        "diundash digest: 1 update pending on 1 host"
    ] * 2


def test_a_digest_missed_while_stopped_is_sent_at_start_if_at_most_a_day_late(settings, open_db):
    with JsonReceiver() as receiver, frozen(SUNDAY) as clock:
        service, client = notify_service(settings, open_db, urls=(receiver.url(),), **WEEKLY)
        post_webhook(client, webhook_body(1))
        clock.move_to(MONDAY_9)
        service.jobs.run_due()  # the first digest
        clock.move_to("2026-12-14T10:00:00Z")  # stopped over the next: started 2 h late
        late, _ = notify_service(settings, open_db, urls=(receiver.url(),), **WEEKLY)
        late.jobs.run_due()
        clock.move_to("2026-12-23T10:00:00Z")  # stopped over the next: 2 days late
        later, _ = notify_service(settings, open_db, urls=(receiver.url(),), **WEEKLY)
        later.jobs.run_due()

    assert len(receiver.received) == 2


def test_an_update_pending_that_long_is_reminded_about_once(settings, open_db, database):
    with JsonReceiver() as receiver, frozen(SUNDAY) as clock:
        service, client = notify_service(
            settings, open_db, urls=(receiver.url(),), remind_after=timedelta(days=14)
        )
        post_webhook(client, webhook_body(1))
        clock.tick(timedelta(days=3))
        post_webhook(client, webhook_body(2))
        clock.tick(timedelta(days=11) - timedelta(seconds=1))
        assert service.jobs.run_due() == []
        clock.tick(1)
        service.jobs.run_due()  # 14 days after the first
        clock.tick(timedelta(days=3))
        service.jobs.run_due()  # 14 days after the second
        clock.tick(timedelta(days=30))
        service.jobs.run_due()

    first, second = receiver.received
    assert first["title"] == "diundash: 1 update pending for over 2 weeks"
    assert image(1) in first["message"]
    assert image(2) not in first["message"]
    assert image(2) in second["message"]
    assert image(1) not in second["message"]
    assert [event["covered"]["count"] for event in sent_events(database)] == [1, 1]


def test_with_a_schedule_reminders_go_in_the_next_digest(settings, open_db):
    with JsonReceiver() as receiver, frozen("2026-11-20T12:00:00Z") as clock:
        service, client = notify_service(
            settings, open_db, urls=(receiver.url(),), remind_after=timedelta(days=14), **WEEKLY
        )
        post_webhook(client, webhook_body(1))
        clock.move_to("2026-11-30T08:00:00Z")
        service.jobs.run_due()  # 10 days: not yet
        clock.move_to(MONDAY_9)
        service.jobs.run_due()  # 17 days: reminded
        clock.move_to("2026-12-14T08:00:00Z")
        service.jobs.run_due()  # still pending, reminded already

    messages = receiver.messages()
    assert len(messages) == 3
    assert ["(reminder)" in each for each in messages] == [False, True, False]


def test_digest_now_sends_a_digest_outside_the_schedule(settings, open_db, database):
    with JsonReceiver() as receiver, frozen(SUNDAY):
        service, client = notify_service(settings, open_db, urls=(receiver.url(),))
        post_webhook(client, webhook_body(1))
        assert service.notifier is not None
        outcomes = service.notifier.digest_now(_cli_audit())
        assert outcomes is not None
        (outcome,) = outcomes
        assert outcome.sent

    (digest,) = receiver.received
    assert digest["title"] == "diundash digest: 1 update pending on 1 host"
    assert sent_events(database)[0]["kind"] == "digest"


def _cli_audit():
    from diundash.events.types import Audit

    return Audit(source="cli")


def test_a_digest_lists_a_host_whose_diun_went_silent(settings, open_db):
    with JsonReceiver() as receiver, frozen(SUNDAY) as clock:
        service, client = notify_service(settings, open_db, urls=(receiver.url(),), **WEEKLY)
        post_webhook(client, webhook_body(0, host="web-1"))
        commands = Commands(open_db(settings.database))
        assert commands.host_silent("nas", SUNDAY, "no DIUN watch run", Audit("job"))
        clock.move_to(MONDAY_9)
        service.jobs.run_due()

    (digest,) = receiver.received
    lines = digest["message"].splitlines()
    quiet = lines[lines.index("Hosts not reporting:") + 1 :]
    assert [line for line in quiet if "silent" in line or "stale" in line] == [
        "  nas: silent since 2026-12-06, today"
    ]


def test_a_digest_leaves_out_a_snoozed_update_until_its_snooze_ends_and_the_connection_test(
    settings, open_db
):
    with JsonReceiver() as receiver, frozen(SUNDAY) as clock:
        service, client = notify_service(settings, open_db, urls=(receiver.url(),), **WEEKLY)
        for number in range(3):
            post_webhook(client, webhook_body(number))
        post_webhook(client, {**webhook_body(9), "image": "docker.io/diun/testnotif:latest"})
        snooze = client.simulate_patch(
            f"/api/updates/{quote(image(1), safe='')}", json={"until": "2026-12-08T08:00:00Z"}
        )
        assert snooze.status_code == 204
        clock.move_to(MONDAY_9)
        service.jobs.run_due()
        clock.move_to("2026-12-14T08:00:00Z")  # the snooze ended on Tuesday
        service.jobs.run_due()

    first, second = receiver.received
    assert first["title"] == "diundash digest: 2 updates pending on 2 hosts"
    assert image(1) not in first["message"]
    assert "testnotif" not in first["message"]
    assert second["title"].startswith("diundash digest: 3 updates pending")
    assert image(1) in second["message"]
