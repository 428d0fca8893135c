"""The success rows of the HTTP contract: updates, dismissals, tags, assignments."""

import gzip
import json

import pytest
from freezegun import freeze_time

from diundash.cli import main
from tests.helpers import SECRET, log_rows

NGINX = "docker.io/library/nginx:1.25"
REDIS = "docker.io/library/redis:7"


def receive(client, image: str, **fields) -> None:
    response = client.simulate_post(
        "/webhook", json={"image": image, **fields}, headers={"Authorization": SECRET}
    )
    assert response.status_code == 200


def encoded(image: str) -> str:
    from urllib.parse import quote

    return quote(image, safe="")


def create_tag(client, name: str) -> int:
    response = client.simulate_post("/api/tags", json={"name": name})
    assert response.status_code == 201
    return int(response.json["id"])


def test_updates_start_empty(client):
    response = client.simulate_get("/api/updates")

    assert response.status_code == 200
    assert response.json == {}


def test_updates_are_keyed_by_image_in_name_order(client):
    receive(client, REDIS)
    receive(client, NGINX)

    assert list(client.simulate_get("/api/updates").json) == [NGINX, REDIS]


def test_updates_and_their_hosts_are_in_code_point_order_on_every_engine(client):
    # Upper case before lower, and accents after: not a locale's order. (The
    # suite's PostgreSQL cluster runs in C.UTF-8, which sorts so by itself;
    # the COLLATE "C" diundash asks for matters on clusters in other locales.)
    images = ["reg/émile:1", "reg/Zed:1", "reg/alpha:1", "reg/Alpha:1", "reg/zed:1"]
    for image in images:
        for host in ("b-host", "B-host", "a-host"):
            receive(client, image, hostname=host)

    updates = client.simulate_get("/api/updates").json

    assert list(updates) == sorted(images)
    assert [host["hostname"] for host in updates["reg/Zed:1"]["hosts"]] == [
        "B-host",
        "a-host",
        "b-host",
    ]


@pytest.mark.parametrize("path", [encoded(NGINX), NGINX])
def test_dismiss_marks_acknowledged_at_that_time(client, path):
    with freeze_time("2026-03-31T08:00:00Z"):
        receive(client, NGINX)

    with freeze_time("2026-04-01T08:00:00Z"):
        response = client.simulate_patch(f"/api/updates/{path}")

    assert response.status_code == 204
    update = client.simulate_get("/api/updates").json[NGINX]
    assert update["acknowledged"] is True
    assert update["acknowledged_at"] == "2026-04-01T08:00:00.000000Z"


def test_dismissing_twice_keeps_the_first_time_and_appends_once(client, database):
    with freeze_time("2026-03-31T08:00:00Z"):
        receive(client, NGINX)
    with freeze_time("2026-04-01T08:00:00Z"):
        client.simulate_patch(f"/api/updates/{encoded(NGINX)}")
    with freeze_time("2026-04-02T08:00:00Z"):
        response = client.simulate_patch(f"/api/updates/{encoded(NGINX)}")

    assert response.status_code == 204
    assert (
        client.simulate_get("/api/updates").json[NGINX]["acknowledged_at"].startswith("2026-04-01")
    )
    assert [row[1] for row in log_rows(database)] == ["UpdateReceived", "UpdateDismissed"]


def test_etag_follows_the_log_and_if_none_match_gets_304(client):
    first = client.simulate_get("/api/updates")
    etag = first.headers["ETag"]

    unchanged = client.simulate_get("/api/updates", headers={"If-None-Match": etag})
    weak = client.simulate_get("/api/updates", headers={"If-None-Match": f"W/{etag}"})
    receive(client, NGINX)
    changed = client.simulate_get("/api/updates", headers={"If-None-Match": etag})

    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert weak.status_code == 304
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert NGINX in changed.json
    assert first.headers["Cache-Control"] == "no-cache"


def test_refused_request_leaves_the_etag_unchanged(client):
    etag = client.simulate_get("/api/updates").headers["ETag"]

    client.simulate_patch("/api/updates/unknown")

    assert client.simulate_get("/api/updates").headers["ETag"] == etag


def test_bulk_dismiss_of_listed_images_dismisses_only_pending_ones(client, database):
    receive(client, NGINX)
    receive(client, REDIS)
    receive(client, "ghcr.io/o/app:2")
    client.simulate_patch(f"/api/updates/{encoded(REDIS)}")

    response = client.simulate_post(
        "/api/dismissals", json={"images": [NGINX, REDIS, "not/tracked:1"]}
    )

    assert response.status_code == 200
    assert response.json == {"dismissed": [NGINX]}
    updates = client.simulate_get("/api/updates").json
    assert not updates["ghcr.io/o/app:2"]["acknowledged"]
    assert [row[1] for row in log_rows(database)].count("UpdateDismissed") == 2


def test_bulk_dismiss_all_pending_is_one_event_per_image_in_one_transaction(client, database):
    for image in (NGINX, REDIS, "ghcr.io/o/app:2"):
        receive(client, image)

    response = client.simulate_post("/api/dismissals", json={})

    assert response.json == {
        "dismissed": ["docker.io/library/nginx:1.25", REDIS, "ghcr.io/o/app:2"]
    }
    dismissals = [row for row in log_rows(database) if row[1] == "UpdateDismissed"]
    assert len(dismissals) == 3
    assert len({row[7] for row in dismissals}) == 1  # one request id: one request
    assert all(
        update["acknowledged"] for update in client.simulate_get("/api/updates").json.values()
    )


def test_bulk_dismiss_by_tag_leaves_other_tags_pending(client):
    receive(client, NGINX)
    receive(client, REDIS)
    production = create_tag(client, "production")
    client.simulate_put("/api/tag-assignments", json={"image": NGINX, "tag_id": production})

    response = client.simulate_post("/api/dismissals", json={"tag_id": production})

    assert response.json == {"dismissed": [NGINX]}
    assert client.simulate_get("/api/updates").json[REDIS]["acknowledged"] is False


def test_tags_are_created_with_increasing_ids_and_listed(client):
    first = client.simulate_post("/api/tags", json={"name": "production"})
    second = client.simulate_post("/api/tags", json={"name": "  staging  "})

    assert first.status_code == 201
    assert first.json == {"id": 1, "name": "production"}
    assert second.json == {"id": 2, "name": "staging"}
    assert client.simulate_get("/api/tags").json == [
        {"id": 1, "name": "production"},
        {"id": 2, "name": "staging"},
    ]


def test_ids_of_deleted_tags_are_never_reused(client):
    create_tag(client, "a")
    second = create_tag(client, "b")
    client.simulate_delete(f"/api/tags/{second}")

    assert create_tag(client, "c") == 3


def test_a_deleted_tags_name_can_be_used_again(client):
    client.simulate_delete(f"/api/tags/{create_tag(client, 'production')}")

    assert create_tag(client, "production") == 2


def test_assign_shows_the_tag_on_the_update_and_reassigns(client):
    receive(client, NGINX)
    production, staging = create_tag(client, "production"), create_tag(client, "staging")

    first = client.simulate_put("/api/tag-assignments", json={"image": NGINX, "tag_id": production})
    assert first.status_code == 204
    assert client.simulate_get("/api/updates").json[NGINX]["tag"] == {"id": 1, "name": "production"}

    client.simulate_put("/api/tag-assignments", json={"image": NGINX, "tag_id": staging})
    assert client.simulate_get("/api/updates").json[NGINX]["tag"] == {"id": 2, "name": "staging"}


def test_a_tag_id_written_as_a_whole_float_is_that_integer(client, database):
    # JSON Schema, and so the OpenAPI document, counts 1.0 as the integer 1.
    receive(client, NGINX)
    production = create_tag(client, "production")

    response = client.simulate_put(
        "/api/tag-assignments", body=b'{"image": "%s", "tag_id": 1.0}' % NGINX.encode()
    )

    assert response.status_code == 204
    assert client.simulate_get("/api/updates").json[NGINX]["tag"]["id"] == production
    last = log_rows(database)[-1]
    assert (last[1], type(json.loads(last[3])["tag_id"])) == ("TagAssigned", int)


def test_assignment_before_the_first_webhook_shows_once_it_arrives(client):
    production = create_tag(client, "production")
    client.simulate_put("/api/tag-assignments", json={"image": NGINX, "tag_id": production})

    receive(client, NGINX)

    assert client.simulate_get("/api/updates").json[NGINX]["tag"]["name"] == "production"


def test_a_new_receipt_keeps_the_images_tag(client):
    receive(client, NGINX)
    production = create_tag(client, "production")
    client.simulate_put("/api/tag-assignments", json={"image": NGINX, "tag_id": production})

    receive(client, NGINX, status="update")

    assert client.simulate_get("/api/updates").json[NGINX]["tag"]["id"] == production


def test_unassign_removes_the_tag_and_is_204_even_without_one(client, database):
    receive(client, NGINX)
    production = create_tag(client, "production")
    client.simulate_put("/api/tag-assignments", json={"image": NGINX, "tag_id": production})

    first = client.simulate_delete("/api/tag-assignments", json={"image": NGINX})
    again = client.simulate_delete("/api/tag-assignments", json={"image": NGINX})

    assert (first.status_code, again.status_code) == (204, 204)
    assert client.simulate_get("/api/updates").json[NGINX]["tag"] is None
    assert [row[1] for row in log_rows(database)].count("TagUnassigned") == 1


def test_reassigning_to_the_same_tag_appends_nothing(client, database):
    production = create_tag(client, "production")
    client.simulate_put("/api/tag-assignments", json={"image": NGINX, "tag_id": production})
    before = len(log_rows(database))

    response = client.simulate_put(
        "/api/tag-assignments", json={"image": NGINX, "tag_id": production}
    )

    assert response.status_code == 204
    assert len(log_rows(database)) == before


def test_deleting_a_tag_removes_it_and_every_assignment_to_it(client):
    receive(client, NGINX)
    receive(client, REDIS)
    production = create_tag(client, "production")
    for image in (NGINX, REDIS):
        client.simulate_put("/api/tag-assignments", json={"image": image, "tag_id": production})

    response = client.simulate_delete(f"/api/tags/{production}")

    assert response.status_code == 204
    assert client.simulate_get("/api/tags").json == []
    assert all(u["tag"] is None for u in client.simulate_get("/api/updates").json.values())


def test_every_response_carries_a_request_id(client):
    given = client.simulate_get("/api/tags", headers={"X-Request-ID": "abc-123"})
    made_up = client.simulate_get("/api/tags", headers={"X-Request-ID": "bad id\twith spaces"})

    assert given.headers["X-Request-ID"] == "abc-123"
    assert made_up.headers["X-Request-ID"] not in ("", "bad id\twith spaces")


def test_page_paths_get_a_placeholder_until_the_frontend_is_built(client):
    response = client.simulate_get("/")

    assert response.status_code == 200
    assert "npm run build" in response.text


def test_built_frontend_is_served_with_index_for_unknown_paths(make_client, tmp_path):
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>diundash app</title>")
    (dist / "assets" / "app.js").write_text("console.log('hi')")
    client = make_client(frontend_dist=dist)

    assert "diundash app" in client.simulate_get("/").text
    assert "diundash app" in client.simulate_get("/tags/production").text
    assert client.simulate_get("/assets/app.js").text == "console.log('hi')"
    assert client.simulate_get("/assets/gone-1234.js").status_code == 404
    assert client.simulate_get("/api/nope").status_code == 404
    assert client.simulate_get("/api/updates").json == {}


def test_built_assets_are_cached_for_good_and_the_page_revalidated(make_client, tmp_path):
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>diundash app</title>")
    (dist / "assets" / "app-abc123.js").write_text("1")
    client = make_client(frontend_dist=dist)

    asset = client.simulate_get("/assets/app-abc123.js")
    page = client.simulate_get("/some/view")
    api = client.simulate_get("/api/tags")

    assert asset.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert page.headers["Cache-Control"] == "no-cache"
    assert client.simulate_get("/").headers["Cache-Control"] == "no-cache"
    assert "Cache-Control" not in api.headers


def test_the_list_is_gzipped_for_clients_that_take_it(client):
    receive(client, NGINX)
    plain = client.simulate_get("/api/updates")

    zipped = client.simulate_get("/api/updates", headers={"Accept-Encoding": "gzip, br"})
    refused = client.simulate_get("/api/updates", headers={"Accept-Encoding": "gzip;q=0"})

    assert zipped.headers["content-encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content)
    assert "content-encoding" not in plain.headers
    assert "content-encoding" not in refused.headers
    assert {r.headers["vary"] for r in (plain, zipped, refused)} == {"Accept-Encoding"}
    assert zipped.headers["etag"] == plain.headers["etag"]


def test_a_write_through_another_instance_shows_at_the_next_poll(make_client):
    first, second = make_client(), make_client()  # two apps, one database
    receive(first, NGINX)
    etag = first.simulate_get("/api/updates").headers["etag"]  # rendered and kept by the first

    receive(second, REDIS)

    polled = first.simulate_get("/api/updates", headers={"If-None-Match": etag})
    assert polled.status_code == 200
    assert set(polled.json) == {NGINX, REDIS}
    assert polled.headers["etag"] == second.simulate_get("/api/updates").headers["etag"]


def test_a_replay_changes_the_etag_though_the_log_did_not_move(client, database):
    receive(client, NGINX)
    etag = client.simulate_get("/api/updates").headers["etag"]

    assert main(["replay", "--db", database]) == 0

    polled = client.simulate_get("/api/updates", headers={"If-None-Match": etag})
    assert polled.status_code == 200
    assert polled.headers["etag"] != etag
