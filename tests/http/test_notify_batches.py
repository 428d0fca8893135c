"""New updates, batched, to real receivers: the first webhook opens a window
of NOTIFY_BATCH and everything received in it goes in one message, grouped
by host; what failed is retried with backoff, then recorded as failed. The
frozen clock drives the jobs: no test sleeps for a schedule."""

import logging
from dataclasses import replace
from datetime import timedelta

from tests.notify_helpers import (
    everything_stored,
    frozen,
    notify_service,
    post_webhook,
    sent_events,
    webhook_body,
)
from tests.receivers import RECEIVER_TOKEN, JsonReceiver, SmtpReceiver, closed_port_url

START = "2026-12-07T08:00:00Z"


def test_a_burst_of_20_webhooks_is_one_message_listing_20(settings, open_db, database):
    with JsonReceiver() as receiver, frozen(START) as clock:
        service, client = notify_service(settings, open_db, urls=(receiver.url(),), new=True)
        for number in range(20):
            post_webhook(client, webhook_body(number))
            clock.tick(1)
        assert service.jobs.run_due() == []  # the window is open for 60 s from the first
        clock.move_to("2026-12-07T08:01:00Z")
        assert service.jobs.run_due() == ["notify"]
        clock.tick(600)
        service.jobs.run_due()

    assert len(receiver.received) == 1
    (message,) = receiver.received
    assert message["title"] == "diundash: 20 new updates on 3 hosts"
    listed = [line.strip() for line in message["message"].splitlines() if "app" in line]
    assert len(listed) == 20
    assert message["message"].splitlines()[0] == "nas (6)"
    assert "web-1 (7)" in message["message"]
    assert "web-2 (7)" in message["message"]
    (event,) = sent_events(database)
    assert (event["kind"], event["outcome"], event["attempt"]) == ("new", "sent", 1)
    assert event["covered"]["count"] == 20
    assert event["channel"] == f"json://127.0.0.1:{receiver.port}"


def test_updates_after_the_window_go_in_the_next_batch_and_dismissed_ones_are_no_news(
    settings, open_db
):
    with JsonReceiver() as receiver, frozen(START) as clock:
        service, client = notify_service(settings, open_db, urls=(receiver.url(),), new=True)
        post_webhook(client, webhook_body(1))
        post_webhook(client, webhook_body(2))
        client.simulate_patch("/api/updates/docker.io%2Flibrary%2Fapp02%3A1.0")
        clock.tick(61)
        post_webhook(client, webhook_body(3))  # after the window: the next one
        service.jobs.run_due()
        clock.tick(61)
        service.jobs.run_due()

    first, second = receiver.messages()
    assert "app01" in first
    assert "app02" not in first
    assert "app03" not in first
    assert "app03" in second
    assert "app01" not in second


def test_a_receiver_that_is_down_is_retried_with_backoff_then_recorded_failed(
    settings, open_db, database, caplog
):
    caplog.set_level(logging.DEBUG)
    down = closed_port_url()
    with frozen(START) as clock:
        service, client = notify_service(settings, open_db, urls=(down,), new=True)
        post_webhook(client, webhook_body(1))
        clock.tick(60)
        service.jobs.run_due()
        clock.tick(29)
        service.jobs.run_due()  # the retry is due 30 s after
        clock.tick(1)
        service.jobs.run_due()
        clock.tick(120)
        service.jobs.run_due()
        clock.tick(3600)
        assert service.jobs.run_due() == []  # three attempts, and no more
        answer = client.simulate_get("/api/notifications").json

    attempts = [(each["attempt"], each["outcome"]) for each in sent_events(database)]
    assert attempts == [(1, "failed"), (2, "failed"), (3, "failed")]
    retries = [each["retry_at"] for each in sent_events(database)]
    assert retries == ["2026-12-07T08:01:30.000000Z", "2026-12-07T08:03:30.000000Z", None]
    (shown,) = answer["history"]
    assert (shown["outcome"], shown["attempts"], shown["retry_at"]) == ("failed", 3, None)
    assert "Connection error" in shown["error"]
    assert "failed for good" in caplog.text
    for place in (caplog.text, str(answer), everything_stored(database)):
        assert RECEIVER_TOKEN not in place


def test_a_channel_that_failed_is_retried_alone(settings, open_db, database):
    with JsonReceiver() as good, JsonReceiver(status=500) as flaky, frozen(START) as clock:
        service, client = notify_service(
            settings, open_db, urls=(good.url(), flaky.url("other")), new=True
        )
        post_webhook(client, webhook_body(1))
        clock.tick(60)
        service.jobs.run_due()
        flaky.status = 200
        clock.tick(30)
        service.jobs.run_due()
        clock.tick(600)
        service.jobs.run_due()

    assert len(good.received) == 1
    assert len(flaky.received) == 2  # refused once, then taken
    outcomes = [(each["channel"][-5:], each["outcome"]) for each in sent_events(database)]
    assert outcomes == [
        (str(good.port), "sent"),
        (str(flaky.port), "failed"),
        (str(flaky.port), "sent"),
    ]


def test_email_goes_through_smtp_and_its_password_goes_nowhere(settings, open_db, database, caplog):
    caplog.set_level(logging.DEBUG)
    with SmtpReceiver() as smtp, frozen(START) as clock:
        service, client = notify_service(settings, open_db, urls=(smtp.url(),), new=True)
        for number in range(3):
            post_webhook(client, webhook_body(number))
        clock.tick(60)
        service.jobs.run_due()
        answer = client.simulate_get("/api/notifications").text

    (mail,) = smtp.mails
    assert mail["Subject"] == "diundash: 3 new updates on 3 hosts"
    assert mail["To"] == "ops@example.com"
    (body,) = smtp.bodies()
    assert "docker.io/library/app02:1.0" in body
    assert f"mailto://127.0.0.1:{smtp.port}" in answer
    for place in (caplog.text, answer, everything_stored(database)):
        assert smtp.password not in place


def test_the_page_link_ends_each_message(settings, open_db):
    with JsonReceiver() as receiver, frozen(START) as clock:
        linked = replace(settings, public_url="https://diun.example.com/")
        service, client = notify_service(linked, open_db, urls=(receiver.url(),), new=True)
        post_webhook(client, webhook_body(1))
        clock.tick(timedelta(minutes=1))
        service.jobs.run_due()

    assert receiver.messages()[0].splitlines()[-1] == "https://diun.example.com/"


def test_each_update_says_its_kind_of_change_and_from_which_tag(settings, open_db):
    def nginx(tag: str, digest: int, status: str = "new") -> dict:
        image = f"docker.io/library/nginx:{tag}"
        return {**webhook_body(digest, host="nas"), "image": image, "status": status}

    with JsonReceiver() as receiver, frozen(START) as clock:
        service, client = notify_service(settings, open_db, urls=(receiver.url(),), new=True)
        post_webhook(client, nginx("1.26.2", 1))
        clock.tick(61)
        service.jobs.run_due()
        post_webhook(client, nginx("2.0.0", 2))
        post_webhook(client, nginx("1.26.3", 3))
        post_webhook(client, nginx("1.26.2", 4, "update"))  # the same tag, a new build
        clock.tick(61)
        service.jobs.run_due()

    first, second = receiver.messages()
    assert "nginx:1.26.2  sha256:" in first  # no tag before it: no kind
    lines = second.splitlines()
    assert any(
        line.strip().startswith("docker.io/library/nginx:2.0.0  (major from 1.26.2)")
        for line in lines
    )
    assert any("nginx:1.26.3  (patch from 1.26.2)" in line for line in lines)
    assert any("nginx:1.26.2  (new build)" in line for line in lines), second
