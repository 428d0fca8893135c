"""Notifications never stand in a webhook's way: with the one channel
hanging (it takes the message and never answers) or down, a real
``diundash serve`` still answers every webhook at once, and the batch is
recorded once the channel gives up."""

import time

import requests

from tests.helpers import SECRET
from tests.live_server import LiveServer
from tests.notify_helpers import webhook_body
from tests.receivers import RECEIVER_TOKEN, JsonReceiver, closed_port_url

# Each webhook is answered in well under a second; the hanging channel
# holds the notifier for 30 s (Apprise's budget for a service).
WEBHOOK_ANSWER_S = 1.0


def post_webhooks(server: LiveServer, first: int, count: int) -> list[float]:
    """Post ``count`` webhooks; how long each took to be answered."""
    took = []
    for number in range(first, first + count):
        started = time.monotonic()
        answer = requests.post(
            server.url("/webhook"),
            json=webhook_body(number),
            headers={"Authorization": SECRET},
            timeout=10,
        )
        took.append(time.monotonic() - started)
        assert answer.status_code == 200
    return took


def test_a_hanging_channel_never_delays_a_webhook(tmp_path):
    with JsonReceiver() as hanging:
        hanging.hang = True
        env = {"NOTIFY_URLS": hanging.url(), "NOTIFY_NEW": "true", "NOTIFY_BATCH": "1s"}
        with LiveServer(tmp_path, env=env) as server:
            post_webhooks(server, 0, 1)
            assert hanging.reached.wait(15), "the batch was not sent"
            took = post_webhooks(server, 1, 20)  # while the notifier hangs on the channel
            hanging.release()
            server.stop()

    assert max(took) < WEBHOOK_ANSWER_S, took
    assert server.event_count() >= 21
    assert RECEIVER_TOKEN not in server.output()


def test_a_channel_that_is_down_is_recorded_failed_and_webhooks_go_on(tmp_path):
    env = {"NOTIFY_URLS": closed_port_url(), "NOTIFY_NEW": "true", "NOTIFY_BATCH": "1s"}
    with LiveServer(tmp_path, env=env) as server:
        took = post_webhooks(server, 0, 20)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not _failed_attempts(server):
            time.sleep(0.1)
        answer = requests.get(server.url("/api/notifications"), timeout=10).json()
        server.stop()

    assert max(took) < WEBHOOK_ANSWER_S, took
    (attempt,) = _failed_attempts(server)
    assert attempt[0] == 1
    (shown,) = answer["history"]
    assert shown["outcome"] == "failed"
    assert shown["retry_at"] is not None  # tried again after 30 s
    assert RECEIVER_TOKEN not in server.output()


def _failed_attempts(server: LiveServer) -> list[tuple[int, str]]:
    return [
        (int(attempts), outcome)
        for attempts, outcome in server.query("SELECT attempts, outcome FROM notifications")
    ]
