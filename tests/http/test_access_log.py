"""The access log (one logfmt line per request) and the logging settings."""

import logging
import re
from itertools import count
from typing import Any

import falcon
import falcon.testing
import pytest
import requests

from diundash.api.middleware.access_log import AccessLogMiddleware, logfmt
from diundash.api.middleware.request_id import RequestIdMiddleware
from diundash.config import ConfigError, Settings
from tests.helpers import SECRET
from tests.live_server import LiveServer

ACCESS = "diundash.access"
LINE = re.compile(
    r"method=(?P<method>\S+) path=(?P<path>\S+|\"[^\"]*\") status=(?P<status>\d{3}) "
    r"duration_ms=(?P<duration>\d+\.\d) request_id=(?P<request_id>\S+)"
)


def access_lines(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == ACCESS]


class Hello:
    def on_get(self, req, resp):
        resp.media = {"hello": "world"}


def test_a_request_is_logged_as_one_logfmt_line_with_its_duration(caplog):
    ticks = count()
    timer = lambda: next(ticks) * 0.0012  # noqa: E731 - each reading is 1.2 ms later
    middleware: list[Any] = [AccessLogMiddleware(timer), RequestIdMiddleware()]
    app = falcon.App(middleware=middleware)
    app.add_route("/hello", Hello())

    with caplog.at_level(logging.INFO, logger=ACCESS):
        falcon.testing.TestClient(app).simulate_get("/hello", headers={"X-Request-ID": "abc-1"})

    assert access_lines(caplog) == [
        "method=GET path=/hello status=200 duration_ms=1.2 request_id=abc-1"
    ]


def test_every_request_is_logged_with_its_status_whatever_answers_it(make_client, caplog):
    client = make_client()
    with caplog.at_level(logging.INFO, logger=ACCESS):
        client.simulate_get("/api/updates")
        client.simulate_post("/webhook", json={"image": "nginx"}, headers={"Authorization": "no"})
        client.simulate_delete("/api/tags/7")
        client.simulate_get("/api/nothing-here")
        client.simulate_put("/api/updates")
        client.simulate_get("/some/page")

    seen = [LINE.fullmatch(line) for line in access_lines(caplog)]
    assert all(seen), access_lines(caplog)
    assert [(m["method"], m["path"], m["status"]) for m in seen if m] == [
        ("GET", "/api/updates", "200"),
        ("POST", "/webhook", "401"),
        ("DELETE", "/api/tags/7", "404"),
        ("GET", "/api/nothing-here", "404"),
        ("PUT", "/api/updates", "405"),
        ("GET", "/some/page", "200"),
    ]


def test_the_logged_request_id_is_the_one_in_the_response(client, caplog):
    with caplog.at_level(logging.INFO, logger=ACCESS):
        response = client.simulate_get("/api/tags")

    match = LINE.fullmatch(access_lines(caplog)[0])
    assert match
    assert match["request_id"] == response.headers["x-request-id"]


def test_a_path_with_spaces_quotes_or_newlines_stays_one_quoted_line(client, caplog):
    with caplog.at_level(logging.INFO, logger=ACCESS):
        client.simulate_patch('/api/updates/evil%20"image"%0Amethod=FAKE')

    (line,) = access_lines(caplog)
    assert "\n" not in line
    assert line.startswith(r'method=PATCH path="/api/updates/evil \"image\"\nmethod=FAKE" ')
    assert " status=400 " in line  # a newline cannot be part of an image


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("/api/updates", "/api/updates"),
        ("", '""'),
        (None, '""'),
        ("a b", '"a b"'),
        ("k=v", '"k=v"'),
        ("caf\u00e9", '"caf\\u00e9"'),
        (12.5, "12.5"),
    ],
)
def test_logfmt_quotes_only_values_that_need_it(value, written):
    assert logfmt({"key": value}) == f"key={written}"


def test_access_log_off_logs_no_request(make_client, caplog):
    client = make_client(access_log=False)

    with caplog.at_level(logging.INFO, logger=ACCESS):
        client.simulate_get("/api/updates")

    assert access_lines(caplog) == []


@pytest.mark.parametrize(
    ("env", "level", "access_log"),
    [
        ({}, "INFO", True),
        ({"LOG_LEVEL": "warning", "ACCESS_LOG": "off"}, "WARNING", False),
        ({"LOG_LEVEL": "DEBUG", "ACCESS_LOG": "ON"}, "DEBUG", True),
        ({"ACCESS_LOG": "false"}, "INFO", False),
    ],
)
def test_log_settings_come_from_the_environment(env, level, access_log):
    settings = Settings.from_env(env)

    assert (settings.log_level, settings.access_log) == (level, access_log)


@pytest.mark.parametrize("env", [{"LOG_LEVEL": "loud"}, {"ACCESS_LOG": "sometimes"}])
def test_unusable_log_settings_are_refused(env):
    with pytest.raises(ConfigError, match=next(iter(env))):
        Settings.from_env(env)


# The real service: what an operator sees on standard error.


def serve_and_post(tmp_path, **env: str) -> str:
    """Start the service with ``env``, send one webhook, stop it; its output."""
    server = LiveServer(tmp_path / "server", secret=SECRET)
    server.env.update(env)
    try:
        server.start()
        requests.post(
            server.url("/webhook"),
            json={"image": "nginx"},
            headers={"Authorization": SECRET},
            timeout=10,
        )
        server.stop()
    finally:
        server.kill()
    return server.output()


def test_the_service_logs_each_request_by_default(tmp_path):
    output = serve_and_post(tmp_path)

    assert re.search(r" INFO diundash\.access method=POST path=/webhook status=200 ", output)


def test_access_log_off_keeps_the_other_log_lines(tmp_path):
    output = serve_and_post(tmp_path, ACCESS_LOG="off")

    assert "diundash.access" not in output
    assert "diundash listening on" in output


def test_log_level_warning_turns_the_access_log_down(tmp_path):
    output = serve_and_post(tmp_path, LOG_LEVEL="WARNING", WEBHOOK_SECRET="")

    assert "diundash.access" not in output
    assert "listening on" not in output
    assert "WARNING diundash WEBHOOK_SECRET is empty" in output
