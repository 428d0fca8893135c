"""A wrong method or a wrong path never looks like success: the page answers
GET and HEAD only, HEAD works wherever GET does, and DIUN's URL may end in a
slash."""

from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.helpers import SECRET, diun_request

PAGE = "<!doctype html><title>diundash app</title>"


@pytest.fixture(params=["built", "not built"])
def page_client(request: pytest.FixtureRequest, make_client: Any, tmp_path: Path) -> Any:
    dist = tmp_path / "dist"
    if request.param == "built":
        (dist / "assets").mkdir(parents=True)
        (dist / "index.html").write_text(PAGE)
        (dist / "assets" / "app-1234.js").write_text("console.log(1)")
    return make_client(frontend_dist=dist)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/hook"),
        ("POST", "/webhooks"),
        ("TRACE", "/"),
        ("PUT", "/"),
        ("DELETE", "/some/page"),
        ("PATCH", "/assets/app-1234.js"),
        ("OPTIONS", "/"),
    ],
)
def test_other_methods_on_a_page_path_are_a_json_405_allowing_get_and_head(
    page_client: Any, method: str, path: str
) -> None:
    response = page_client.simulate_request(method, path, body=b'{"image": "x"}')

    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"
    assert response.headers["content-type"].startswith("application/json")
    assert "GET and HEAD" in response.json["description"]


@pytest.mark.parametrize("path", ["/", "/some/spa/route", "/index.html"])
def test_get_and_head_of_any_page_path_serve_the_page(page_client: Any, path: str) -> None:
    got = page_client.simulate_get(path)
    head = page_client.simulate_head(path)

    assert (got.status_code, head.status_code) == (200, 200)
    assert got.headers["content-type"].startswith("text/html")
    assert head.text == ""
    assert head.headers["content-length"] == got.headers["content-length"]


@pytest.mark.parametrize("method", ["GET", "HEAD", "POST", "PUT"])
def test_unknown_api_paths_stay_a_json_404(page_client: Any, method: str) -> None:
    response = page_client.simulate_request(method, "/api/nothing-here")

    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize(
    "path", ["/healthz", "/api/updates", "/api/tags", "/api/events", "/api/openapi.json"]
)
def test_head_answers_wherever_get_does_without_a_body(client: Any, path: str) -> None:
    got = client.simulate_get(path)
    head = client.simulate_head(path)

    assert head.status_code == got.status_code == 200
    assert head.text == ""
    assert head.headers["content-length"] == got.headers["content-length"]


def test_webhook_with_a_trailing_slash_is_the_webhook(client: Any) -> None:
    body = diun_request("02-A1-app-1.0-new.json")["body_raw"]

    response = client.simulate_post("/webhook/", body=body, headers={"Authorization": SECRET})

    assert response.status_code == 200
    updates = client.simulate_get("/api/updates").json
    assert list(updates) == [orjson.loads(body)["image"]]


def test_webhook_with_a_trailing_slash_still_needs_the_secret(client: Any) -> None:
    response = client.simulate_post("/webhook/", body=b'{"image": "x"}')

    assert response.status_code == 401
