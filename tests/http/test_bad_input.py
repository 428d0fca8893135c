"""Bad input: a clear 4xx with a JSON message, and the log and read tables untouched."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import SECRET, log_rows, read_table_rows

HUGE = b'{"image": "a", "pad": "' + b"x" * (1024 * 1024) + b'"}'
DEEP = b'{"image": "a", "metadata": ' + b'{"a": ' * 40 + b"1" + b"}" * 40 + b"}"
ABSURDLY_DEEP = b"[" * 100_000 + b"]" * 100_000

WEBHOOK_BODIES = [
    pytest.param(b"", 400, id="empty"),
    pytest.param(b"   ", 400, id="blank"),
    pytest.param(b"{not json", 400, id="invalid-json"),
    pytest.param(b'{"image": "a"', 400, id="truncated"),
    pytest.param(b'["image"]', 400, id="array"),
    pytest.param(b'"image"', 400, id="string"),
    pytest.param(b"null", 400, id="null"),
    pytest.param(b"{}", 400, id="no-image"),
    pytest.param(b'{"image": ""}', 400, id="empty-image"),
    pytest.param(b'{"image": "   "}', 400, id="blank-image"),
    pytest.param(b'{"image": null}', 400, id="null-image"),
    pytest.param(b'{"image": 5}', 400, id="number-image"),
    pytest.param(b'{"image": ["a"]}', 400, id="array-image"),
    pytest.param(b'{"image": "' + b"a" * 1025 + b'"}', 400, id="image-too-long"),
    pytest.param(b'{"image": "a", "hostname": 5}', 400, id="number-hostname"),
    # A host the API could not name back in /api/hosts/{hostname}:
    pytest.param(b'{"image": "a", "hostname": "vm\\u000c1"}', 400, id="control-in-hostname"),
    pytest.param(b'{"image": "a", "hostname": "' + b"h" * 256 + b'"}', 400, id="long-hostname"),
    pytest.param(b'{"image": "a", "digest": {}}', 400, id="object-digest"),
    pytest.param(b'{"image": "a", "metadata": "x"}', 400, id="string-metadata"),
    pytest.param(b'{"image": "a", "metadata": []}', 400, id="array-metadata"),
    pytest.param(b'{"image": "a", "created": "yesterday"}', 400, id="bad-created"),
    pytest.param(b'{"image": "a", "created": "2026-13-45T99:00:00Z"}', 400, id="impossible-date"),
    pytest.param(b'{"image": "a", "created": 1700000000}', 400, id="number-created"),
    pytest.param(b'{"image": "a", "n": NaN}', 400, id="nan"),
    pytest.param(b'{"image": "a", "n": Infinity}', 400, id="infinity"),
    pytest.param(b'{"image": "a", "n": 1e999}', 400, id="overflowing-number"),
    pytest.param(b'{"image": "\\ud800"}', 400, id="lone-surrogate"),
    pytest.param(b'{"image": "a", "x": "\\udc00"}', 400, id="lone-low-surrogate"),
    pytest.param(b'{"image": "\xff\xfe"}', 400, id="invalid-utf8"),
    pytest.param(b'{"image": "a\\u0000b"}', 400, id="nul-in-image"),
    pytest.param(b'{"image": "a\\nb"}', 400, id="newline-in-image"),
    pytest.param(b'{"image": "a\\u007fb"}', 400, id="delete-in-image"),
    pytest.param(DEEP, 400, id="deep-nesting"),
    pytest.param(ABSURDLY_DEEP, 400, id="absurd-nesting"),
    pytest.param(HUGE, 413, id="over-1-MiB"),
]


@pytest.fixture
def untouched(client, database):
    """Asserts after the test that nothing was appended or projected."""
    client.simulate_post(
        "/webhook", body='{"image": "known/image:1"}', headers={"Authorization": SECRET}
    )
    client.simulate_post("/api/tags", body='{"name": "production"}')
    before = (log_rows(database), read_table_rows(database))
    yield
    assert (log_rows(database), read_table_rows(database)) == before


@pytest.mark.parametrize(("body", "status"), WEBHOOK_BODIES)
@pytest.mark.usefixtures("untouched")
def test_bad_webhook_body_is_refused(client, body, status):
    response = client.simulate_post("/webhook", body=body, headers={"Authorization": SECRET})

    assert response.status_code == status
    assert response.json["description"]


TAG_BODIES = [
    pytest.param(b"", id="empty"),
    pytest.param(b"nope", id="invalid-json"),
    pytest.param(b"[]", id="array"),
    pytest.param(b"{}", id="no-name"),
    pytest.param(b'{"name": ""}', id="empty-name"),
    pytest.param(b'{"name": "  "}', id="blank-name"),
    pytest.param(b'{"name": 7}', id="number-name"),
    pytest.param(b'{"name": "' + b"n" * 101 + b'"}', id="name-too-long"),
    pytest.param(b'{"name": "\\ud800"}', id="lone-surrogate"),
    pytest.param(b'{"name": "prod\\u0000"}', id="nul-in-name"),
    pytest.param(b'{"name": "a\\tb"}', id="tab-in-name"),
]


@pytest.mark.parametrize("body", TAG_BODIES)
@pytest.mark.usefixtures("untouched")
def test_bad_tag_body_is_400(client, body):
    response = client.simulate_post("/api/tags", body=body)

    assert response.status_code == 400
    assert response.json["description"]


ASSIGNMENT_BODIES = [
    pytest.param(b"", 400, id="empty"),
    pytest.param(b"{]", 400, id="invalid-json"),
    pytest.param(b"1", 400, id="number"),
    pytest.param(b'{"tag_id": 1}', 400, id="no-image"),
    pytest.param(b'{"image": "", "tag_id": 1}', 400, id="empty-image"),
    pytest.param(b'{"image": 5, "tag_id": 1}', 400, id="number-image"),
    pytest.param(b'{"image": "a"}', 400, id="no-tag-id"),
    pytest.param(b'{"image": "a", "tag_id": "x"}', 400, id="string-tag-id"),
    pytest.param(b'{"image": "a", "tag_id": "1"}', 400, id="numeric-string-tag-id"),
    pytest.param(b'{"image": "a", "tag_id": 1.5}', 400, id="fraction-tag-id"),
    pytest.param(b'{"image": "a", "tag_id": true}', 400, id="bool-tag-id"),
    pytest.param(b'{"image": "a", "tag_id": 99}', 404, id="unknown-tag"),
    pytest.param(b'{"image": "a", "tag_id": 0}', 404, id="zero-tag"),
    pytest.param(b'{"image": "a", "tag_id": -3}', 404, id="negative-tag"),
    pytest.param(b'{"image": "a", "tag_id": 9223372036854775808}', 404, id="tag-past-64-bits"),
    pytest.param(b'{"image": "a", "tag_id": 123456789012345678901234}', 400, id="tag-as-float"),
]


@pytest.mark.parametrize(("body", "status"), ASSIGNMENT_BODIES)
@pytest.mark.usefixtures("untouched")
def test_bad_assignment_is_refused(client, body, status):
    response = client.simulate_put("/api/tag-assignments", body=body)

    assert response.status_code == status
    assert response.json["description"]


@pytest.mark.parametrize(
    "body", [b"", b"x", b"[]", b"{}", b'{"image": ""}', b'{"image": false}'], ids=repr
)
@pytest.mark.usefixtures("untouched")
def test_bad_unassignment_is_400(client, body):
    assert client.simulate_delete("/api/tag-assignments", body=body).status_code == 400


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/tags/abc", 400),
        ("/api/tags/1.5", 400),
        ("/api/tags/", 400),
        ("/api/tags/1e3", 400),
        ("/api/tags/99", 404),
        ("/api/tags/0", 404),
        ("/api/tags/-1", 404),
        ("/api/tags/99999999999999999999999", 404),
        # Any integer no tag has is unknown, however long (the document says integer).
        ("/api/tags/" + "9" * 31, 404),
        ("/api/tags/" + "9" * 5000, 404),
    ],
)
@pytest.mark.usefixtures("untouched")
def test_bad_tag_id_in_url(client, path, status):
    response = client.simulate_delete(path)

    assert response.status_code == status
    assert response.json["description"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"[]", 400),
        (b'{"images": "a"}', 400),
        (b'{"images": [1]}', 400),
        (b'{"tag_id": "x"}', 400),
        (b'{"tag_id": 42}', 404),
    ],
)
@pytest.mark.usefixtures("untouched")
def test_bad_bulk_dismissal_is_refused(client, body, status):
    assert client.simulate_post("/api/dismissals", body=body).status_code == status


@pytest.mark.usefixtures("untouched")
def test_dismissing_with_an_empty_image_is_400(client):
    response = client.simulate_patch("/api/updates/")

    assert response.status_code == 400
    assert "empty" in response.json["description"]


@pytest.mark.usefixtures("untouched")
def test_dismissing_an_unknown_image_is_404(client):
    response = client.simulate_patch("/api/updates/docker.io%2Fnot%2Ftracked%3A1")

    assert response.status_code == 404
    assert "docker.io/not/tracked:1" in response.json["description"]


@pytest.mark.usefixtures("untouched")
def test_duplicate_tag_name_is_409(client):
    response = client.simulate_post("/api/tags", body='{"name": "production"}')

    assert response.status_code == 409
    assert "production" in response.json["description"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/updates"),
        ("DELETE", "/api/updates"),
        ("GET", "/api/updates/known%2Fimage%3A1"),
        ("PUT", "/api/tags"),
        ("GET", "/api/tags/1"),
        ("GET", "/api/tag-assignments"),
        ("POST", "/api/tag-assignments"),
        ("GET", "/api/dismissals"),
    ],
)
@pytest.mark.usefixtures("untouched")
def test_unsupported_method_on_a_known_path_is_405(client, method, path):
    response = client.simulate_request(method, path)

    assert response.status_code == 405
    assert response.headers["Allow"]


@pytest.mark.parametrize("path", ["/api", "/api/", "/api/nope", "/api/updates-x", "/api/tags/1/x"])
@pytest.mark.usefixtures("untouched")
def test_unknown_api_path_is_a_json_404(client, path):
    response = client.simulate_get(path)

    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("application/json")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=20,
)
FIELDS = st.sampled_from(["image", "name", "tag_id", "images", "metadata", "created", "hostname"])
BODIES = (
    st.binary(max_size=200)
    | JSON_VALUES.map(lambda value: json.dumps(value).encode())
    | st.dictionaries(FIELDS, JSON_VALUES, max_size=4).map(lambda value: json.dumps(value).encode())
)
ENDPOINTS = st.sampled_from(
    [
        ("POST", "/webhook"),
        ("POST", "/api/tags"),
        ("PUT", "/api/tag-assignments"),
        ("DELETE", "/api/tag-assignments"),
        ("POST", "/api/dismissals"),
    ]
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(endpoint=ENDPOINTS, body=BODIES)
def test_no_body_a_client_can_send_gets_a_5xx(client, endpoint, body):
    method, path = endpoint

    response = client.simulate_request(method, path, body=body, headers={"Authorization": SECRET})

    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert response.json["description"]


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    path=st.text(min_size=1, max_size=40),
    query=st.dictionaries(
        st.sampled_from(
            ["as_of", "image", "type", "since", "until", "after", "before", "limit", "order"]
        ),
        st.text(max_size=30),
        max_size=3,
    ),
)
def test_no_url_a_client_can_send_gets_a_5xx(client, path, query):
    from urllib.parse import quote

    for target in (f"/api/updates/{quote(path, safe='')}", f"/api/tags/{quote(path, safe='')}"):
        for method in ("PATCH", "DELETE", "GET"):
            assert client.simulate_request(method, target).status_code < 500
    for target in ("/api/updates", "/api/events"):
        assert client.simulate_get(target, params=query).status_code < 500


@pytest.mark.usefixtures("untouched")
@pytest.mark.parametrize(
    "path", ["/api/updates/known%2Fimage%3A1%00", "/api/events?image=known%2Fimage%3A1%00"]
)
def test_a_control_character_in_an_image_of_the_url_is_400(client, path):
    url, _, query = path.partition("?")
    method = client.simulate_get if query else client.simulate_patch

    response = method(url, query_string=query or None)

    assert response.status_code == 400
    assert "control characters" in response.json["description"]


def test_a_nul_anywhere_else_in_the_body_is_kept_in_the_event_and_stored(client, database):
    body = b'{"image": "a/b:1", "status": "new\\u0000", "metadata": {"k": "v\\u0000"}}'
    response = client.simulate_post("/webhook", body=body, headers={"Authorization": SECRET})

    assert response.status_code == 200
    event = client.simulate_get("/api/updates").json["a/b:1"]["event"]
    assert (event["status"], event["metadata"]) == ("new\x00", {"k": "v\x00"})
