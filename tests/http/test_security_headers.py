"""Security headers on the page and the API, and HEAD wherever GET answers."""

import pytest

COMMON = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


@pytest.fixture
def site(make_client, tmp_path):
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>diundash app</title>")
    (dist / "assets" / "app-abc123.js").write_text("1")
    return make_client(frontend_dist=dist)


@pytest.mark.parametrize(
    "path", ["/", "/tags/production", "/assets/app-abc123.js", "/assets/gone.js"]
)
def test_the_page_runs_only_its_own_files_and_cannot_be_framed(site, path):
    response = site.simulate_get(path)

    for name, value in COMMON.items():
        assert response.headers[name] == value
    csp = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval'
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert "unsafe" not in csp


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/updates"),
        ("GET", "/api/openapi.json"),
        ("GET", "/healthz"),
        ("GET", "/api/nowhere"),
        ("GET", "/webhook"),
        ("POST", "/api/dismissals"),
    ],
)
def test_api_answers_carry_the_headers_and_a_policy_that_allows_nothing(site, method, path):
    response = site.simulate_request(method, path, body="{}")

    for name, value in COMMON.items():
        assert response.headers[name] == value
    assert (
        response.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    )


def test_refusals_carry_the_headers_too(site):
    response = site.simulate_post(
        "/api/dismissals", body="{}", headers={"Sec-Fetch-Site": "cross-site"}
    )

    assert response.status_code == 403
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/tags/production",
        "/assets/app-abc123.js",
        "/api/updates",
        "/api/hosts",
        "/api/tags",
        "/api/events",
        "/api/openapi.json",
        "/healthz",
    ],
)
def test_head_answers_wherever_get_does_with_the_same_headers_and_no_body(site, path):
    get = site.simulate_get(path)
    head = site.simulate_head(path)

    assert get.status_code == head.status_code == 200
    assert head.content == b""
    assert head.headers["Content-Length"] == get.headers["Content-Length"]
    assert head.headers["Content-Type"] == get.headers["Content-Type"]
    assert head.headers["Content-Security-Policy"] == get.headers["Content-Security-Policy"]


def test_head_on_the_placeholder_page_answers_too(client):
    assert client.simulate_head("/").status_code == 200
