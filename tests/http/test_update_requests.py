"""Update now: ``POST /api/update-requests`` calls the host's update hook (a
real HTTP server on loopback stands in for it), records the call and its
outcome, and answers 202 or 502; the hook's secrets never come out."""

import logging
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from urllib.parse import unquote

import falcon.testing
import orjson
import pytest

from diundash.app import create_app
from diundash.config import Settings
from diundash.config.endpoints import Endpoint
from diundash.config.hooks import HookSettings
from tests.databases import free_loopback_port
from tests.helpers import SECRET, log_rows, read_table_rows
from tests.stand_ins import StandIn, stand_in

NGINX = "docker.io/library/nginx:1.25"
QUERY_TOKEN, HEADER_TOKEN = "query-token-0123", "header-token-4567"
TIMEOUT = timedelta(seconds=2)


@pytest.fixture
def hook() -> Iterator[StandIn]:
    with stand_in() as server:
        yield server


def hooks_to(url: str, timeout: timedelta = TIMEOUT, method: str = "POST") -> HookSettings:
    headers = (("Authorization", f"Bearer {HEADER_TOKEN}"),)
    return HookSettings({"nas": Endpoint(method, url, headers)}, timeout)


@pytest.fixture
def app(make_client, hook):
    client = make_client(hooks=hooks_to(hook.url(f"/v1/update?image={{image}}&t={QUERY_TOKEN}")))
    receive(client, NGINX, "nas")
    receive(client, NGINX, "web-1")
    return client


def receive(client, image: str, host: str) -> None:
    body = {"image": image, "hostname": host, "digest": "sha256:abc"}
    response = client.simulate_post("/webhook", json=body, headers={"Authorization": SECRET})
    assert response.status_code == 200


def request_update(client, host: str = "nas", image: str = NGINX):
    return client.simulate_post("/api/update-requests", json={"image": image, "host": host})


def item(client, host: str = "nas") -> dict:
    hosts = client.simulate_get("/api/updates").json[NGINX]["hosts"]
    return next(h for h in hosts if h["hostname"] == host)


def requested_events(client) -> list[dict]:
    events = client.simulate_get("/api/events", params={"type": "UpdateRequested"}).json
    return list(events["events"])


def test_an_accepting_hook_is_called_once_and_the_answer_is_202_with_its_outcome(app, hook):
    hook.answer(202, "updating")

    response = request_update(app)

    assert response.status_code == 202
    assert response.json["hook_status"] == 202
    assert response.json["outcome"] == "the hook accepted it (HTTP 202 Accepted)"
    (call,) = hook.received
    assert call.method == "POST"
    assert unquote(call.path) == f"/v1/update?image={NGINX}&t={QUERY_TOKEN}"
    assert "%2F" in call.path  # the image is URL-encoded into the URL
    assert call.headers["authorization"] == f"Bearer {HEADER_TOKEN}"
    assert orjson.loads(call.body) == {"image": NGINX, "host": "nas"}
    (event,) = requested_events(app)
    assert event["data"]["hook_status"] == 202
    assert event["data"]["requested_at"] == response.json["requested_at"]
    request = item(app)["update_request"]
    assert request == {
        "requested_at": response.json["requested_at"],
        "hook_status": 202,
        "accepted": True,
    }
    assert item(app)["resolution"] is None  # a 2xx is not a deployment
    assert item(app, "web-1")["update_request"] is None


def test_a_get_hook_gets_no_body(make_client, hook):
    client = make_client(hooks=hooks_to(hook.url("/hooks/{host}/{image}"), method="GET"))
    receive(client, NGINX, "nas")

    assert request_update(client).status_code == 202

    (call,) = hook.received
    assert (call.method, call.body) == ("GET", b"")
    assert unquote(call.path) == f"/hooks/nas/{NGINX}"


def test_a_refusing_hook_is_502_saying_what_it_answered_and_is_recorded_not_retried(app, hook):
    hook.answer(500, "the pull failed: no space left on device")

    response = request_update(app)

    assert response.status_code == 502
    description = response.json["description"]
    assert "HTTP 500 Internal Server Error" in description
    assert "no space left on device" in description
    assert len(hook.received) == 1  # never retried by itself
    (event,) = requested_events(app)
    assert event["data"]["hook_status"] == 500
    assert item(app)["update_request"]["accepted"] is False


def test_a_second_click_is_a_second_call(app, hook):
    hook.answer(200)

    request_update(app)
    request_update(app)

    assert len(hook.received) == 2
    assert len(requested_events(app)) == 2


def test_a_slow_hook_that_answers_within_the_timeout_is_202(app, hook):
    hook.answer(202, hold=True)
    timer = threading.Timer(0.3, hook.release)
    timer.start()

    response = request_update(app)

    timer.join()
    assert response.status_code == 202


def test_a_hook_that_does_not_answer_in_time_is_502_and_recorded_without_a_status(
    make_client, hook
):
    client = make_client(hooks=hooks_to(hook.url("/update"), timeout=timedelta(seconds=1)))
    receive(client, NGINX, "nas")
    hook.answer(202, hold=True)  # held until the end of the test

    response = request_update(client)

    assert response.status_code == 502
    assert "no answer within 1 s" in response.json["description"]
    (event,) = requested_events(client)
    assert event["data"]["hook_status"] is None
    assert item(client)["update_request"] == {
        "requested_at": event["data"]["requested_at"],
        "hook_status": None,
        "accepted": False,
    }


def test_a_hook_nobody_listens_at_is_502(make_client):
    client = make_client(hooks=hooks_to(f"http://127.0.0.1:{free_loopback_port()}/update"))
    receive(client, NGINX, "nas")

    response = request_update(client)

    assert response.status_code == 502
    assert "could not be called" in response.json["description"]


def test_a_redirect_is_not_followed(app, hook):
    hook.answer(302, headers={"Location": "http://127.0.0.1:1/elsewhere"})

    response = request_update(app)

    assert response.status_code == 502
    assert "redirects are not followed" in response.json["description"]
    assert len(hook.received) == 1


def test_a_host_without_a_hook_is_404_and_nothing_is_called_or_recorded(app, hook, database):
    before = log_rows(database), read_table_rows(database)

    response = request_update(app, host="web-1")

    assert response.status_code == 404
    assert "no update hook" in response.json["description"]
    assert hook.received == []
    assert (log_rows(database), read_table_rows(database)) == before


def test_an_image_the_host_never_reported_is_404_and_the_hook_is_not_called(app, hook, database):
    before = log_rows(database)

    response = request_update(app, image="docker.io/library/redis:7")

    assert response.status_code == 404
    assert hook.received == []
    assert log_rows(database) == before


@pytest.mark.parametrize(
    "body", [{"image": NGINX}, {"host": "nas"}, {"image": NGINX, "host": None}, {"image": 3}]
)
def test_a_bad_body_is_400(app, hook, body):
    assert app.simulate_post("/api/update-requests", json=body).status_code == 400
    assert hook.received == []


def test_a_deployment_or_the_next_notice_ends_the_update_request(app, hook):
    hook.answer(202)
    request_update(app)
    app.simulate_post("/api/deployments", json={"image": NGINX, "host": "nas"})
    assert item(app)["update_request"] is None
    assert item(app)["resolution"] == "deployed"

    request_update(app)
    assert item(app)["update_request"] is not None
    receive(app, NGINX, "nas")
    assert item(app)["update_request"] is None


def test_the_hooks_secrets_reach_no_log_event_answer_or_page(app, hook, caplog):
    # The hook echoes its URL and its token in a refusal, as a careless script might.
    hook.answer(
        401,
        f"bad token {HEADER_TOKEN} for /v1/update?image=x&t={QUERY_TOKEN} at {hook.url()}",
    )
    caplog.set_level(logging.DEBUG)

    refused = request_update(app)
    hook.answer(202)
    accepted = request_update(app)

    seen = [
        refused.text,
        accepted.text,
        app.simulate_get("/api/events").text,
        app.simulate_get("/api/updates").text,
        app.simulate_get("/api/hosts").text,
        caplog.text,
    ]
    for text in seen:
        assert QUERY_TOKEN not in text
        assert HEADER_TOKEN not in text
        assert f"127.0.0.1:{hook.port}" not in text
    assert "[redacted]" in refused.json["description"]
    assert "update of docker.io/library/nginx:1.25 on 'nas'" in caplog.text


def test_the_hosts_list_says_which_hosts_have_a_hook_and_nothing_more(app):
    hosts = {h["hostname"]: h for h in app.simulate_get("/api/hosts").json}

    assert hosts["nas"]["update_hook"] is True
    assert hosts["web-1"]["update_hook"] is False


def test_no_write_lock_is_held_while_the_hook_works(settings, open_db, hook):
    chosen = Settings(**{**settings.__dict__, "hooks": hooks_to(hook.url("/update"))})
    db = open_db(chosen.database)
    app = falcon.testing.TestClient(create_app(chosen, db=db))
    receive(app, NGINX, "nas")
    hook.answer(202, hold=True)
    outcome: list[int] = []

    def in_a_thread(work: Callable[[], object]) -> threading.Thread:
        def run() -> None:
            try:
                work()
            finally:
                db.close()  # this thread's connection

        thread = threading.Thread(target=run)
        thread.start()
        return thread

    caller = in_a_thread(lambda: outcome.append(request_update(app).status_code))
    try:
        while not hook.received:  # the call is at the hook, which holds its answer
            assert caller.is_alive()
            threading.Event().wait(0.01)
        writer = in_a_thread(lambda: receive(app, "docker.io/library/redis:7", "nas"))
        writer.join(30)
        assert not writer.is_alive(), "a webhook waited for the hook's answer"
        assert caller.is_alive()  # the hook has still not answered
    finally:
        hook.release()
        caller.join(30)
    assert outcome == [202]
