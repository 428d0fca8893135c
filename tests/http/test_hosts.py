"""Several Docker hosts, one dashboard: per-host entries, dismissing and
forgetting per host, the hosts list, renames; the Go shape stays as it was."""

from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
from freezegun import freeze_time

from tests.helpers import SECRET, log_rows, read_table_rows

NGINX = "docker.io/library/nginx:1.25"
REDIS = "docker.io/library/redis:7"


def receive(client, image: str, hostname: str | None, **fields) -> None:
    body = {"image": image, **fields}
    if hostname is not None:
        body["hostname"] = hostname
    response = client.simulate_post("/webhook", json=body, headers={"Authorization": SECRET})
    assert response.status_code == 200


def path(image: str) -> str:
    return f"/api/updates/{quote(image, safe='')}"


def host_query(host: str | None) -> str | None:
    return None if host is None else f"host={quote(host)}"


@pytest.fixture
def three_hosts(client):
    """nginx on web-1, web-2 and nas (nas last, with another digest); redis on web-1."""
    receive(client, NGINX, "web-1", digest="sha256:aaa", metadata={"ctn_names": "front,edge"})
    receive(client, NGINX, "web-2", digest="sha256:aaa")
    receive(client, REDIS, "web-1", digest="sha256:rrr")
    receive(client, NGINX, "nas", digest="sha256:bbb", status="update")
    return client


def entry(client, image: str, host: str | None = None) -> dict:
    return client.simulate_get("/api/updates", query_string=host_query(host)).json[image]


def test_an_image_from_three_hosts_is_one_entry_listing_each_host(three_hosts):
    nginx = entry(three_hosts, NGINX)

    assert [h["hostname"] for h in nginx["hosts"]] == ["nas", "web-1", "web-2"]
    assert nginx["event"]["hostname"] == "nas"  # the latest receipt of any host
    assert nginx["event"]["digest"] == "sha256:bbb"
    web1 = nginx["hosts"][1]
    assert web1["digest"] == "sha256:aaa"
    assert web1["containers"] == ["front", "edge"]
    assert web1["acknowledged"] is False
    assert web1["acknowledged_at"] is None
    assert nginx["hosts"][0]["status"] == "update"
    assert nginx["acknowledged"] is False


def test_dismissing_on_one_host_leaves_the_others_pending(three_hosts):
    response = three_hosts.simulate_patch(path(NGINX), query_string="host=web-2")

    assert response.status_code == 204
    nginx = entry(three_hosts, NGINX)
    assert {h["hostname"]: h["acknowledged"] for h in nginx["hosts"]} == {
        "nas": False,
        "web-1": False,
        "web-2": True,
    }
    assert nginx["acknowledged"] is False
    assert nginx["acknowledged_at"] is None


def test_the_entry_is_acknowledged_once_every_host_is(three_hosts):
    for host in ("web-1", "nas", "web-2"):
        three_hosts.simulate_patch(path(NGINX), query_string=f"host={host}")

    nginx = entry(three_hosts, NGINX)
    assert nginx["acknowledged"] is True
    assert nginx["acknowledged_at"] == max(h["acknowledged_at"] for h in nginx["hosts"])


def test_a_new_receipt_reopens_only_that_hosts_entry(three_hosts):
    three_hosts.simulate_patch(path(NGINX))  # every host
    receive(three_hosts, NGINX, "web-1", digest="sha256:ccc")

    nginx = entry(three_hosts, NGINX)
    assert [h["acknowledged"] for h in nginx["hosts"]] == [True, False, True]
    assert nginx["acknowledged"] is False
    assert nginx["event"]["hostname"] == "web-1"


def test_dismissing_without_a_host_dismisses_every_host_and_appends_one_event(
    three_hosts, database
):
    before = len(log_rows(database))

    assert three_hosts.simulate_patch(path(NGINX)).status_code == 204

    assert all(h["acknowledged"] for h in entry(three_hosts, NGINX)["hosts"])
    (dismissal,) = log_rows(database)[before:]
    assert dismissal[1] == "UpdateDismissed"


def test_dismissing_on_a_host_that_never_reported_the_image_is_404(three_hosts, database):
    before = log_rows(database)

    response = three_hosts.simulate_patch(path(REDIS), query_string="host=nas")

    assert response.status_code == 404
    assert "on host 'nas'" in response.json["description"]
    assert log_rows(database) == before


def test_host_filter_returns_the_images_of_that_host_each_entry_whole(three_hosts):
    everything = three_hosts.simulate_get("/api/updates").json

    web1 = three_hosts.simulate_get("/api/updates", query_string="host=web-1").json
    nas = three_hosts.simulate_get("/api/updates", query_string="host=nas").json

    assert web1 == {NGINX: everything[NGINX], REDIS: everything[REDIS]}
    assert nas == {NGINX: everything[NGINX]}
    assert three_hosts.simulate_get("/api/updates", query_string="host=nowhere").json == {}


def test_a_body_without_a_hostname_is_the_host_without_a_name(client):
    receive(client, NGINX, None)
    receive(client, REDIS, "")

    unnamed = client.simulate_get("/api/updates", query_string="host=").json
    assert set(unnamed) == {NGINX, REDIS}
    assert [h["hostname"] for h in unnamed[NGINX]["hosts"]] == [""]
    assert client.simulate_patch(path(NGINX), query_string="host=").status_code == 204
    assert client.simulate_delete(path(REDIS), query_string="host=").status_code == 204
    assert set(client.simulate_get("/api/updates").json) == {NGINX}


def test_bulk_dismissal_on_one_host_lists_the_images_whose_entry_changed(three_hosts):
    response = three_hosts.simulate_post("/api/dismissals", json={"host": "web-1"})

    assert response.status_code == 200
    assert response.json == {"dismissed": [NGINX, REDIS]}
    assert entry(three_hosts, REDIS)["acknowledged"] is True
    assert entry(three_hosts, NGINX)["acknowledged"] is False
    again = three_hosts.simulate_post("/api/dismissals", json={"host": "web-1"})
    assert again.json == {"dismissed": []}


def test_forgetting_the_host_with_the_latest_receipt_shows_the_next_latest(three_hosts):
    response = three_hosts.simulate_delete(path(NGINX), query_string="host=nas")

    assert response.status_code == 204
    nginx = entry(three_hosts, NGINX)
    assert [h["hostname"] for h in nginx["hosts"]] == ["web-1", "web-2"]
    assert nginx["event"]["hostname"] == "web-2"
    assert nginx["event"]["digest"] == "sha256:aaa"


def test_forgetting_an_image_everywhere_keeps_its_tag_and_history(three_hosts, database):
    tag = three_hosts.simulate_post("/api/tags", json={"name": "edge"}).json["id"]
    three_hosts.simulate_put("/api/tag-assignments", json={"image": NGINX, "tag_id": tag})

    assert three_hosts.simulate_delete(path(NGINX)).status_code == 204

    assert NGINX not in three_hosts.simulate_get("/api/updates").json
    history = three_hosts.simulate_get("/api/events", params={"image": NGINX}).json["events"]
    assert history[-1]["type"] == "UpdateForgotten"
    assert history[-1]["data"] == {"image": NGINX, "host": None}
    receive(three_hosts, NGINX, "web-1")
    back = entry(three_hosts, NGINX)
    assert back["tag"] == {"id": tag, "name": "edge"}
    assert [h["hostname"] for h in back["hosts"]] == ["web-1"]


def test_forgetting_what_is_not_there_is_404_and_appends_nothing(three_hosts, database):
    before = log_rows(database)

    assert three_hosts.simulate_delete(path("never/seen:1")).status_code == 404
    assert three_hosts.simulate_delete(path(REDIS), query_string="host=nas").status_code == 404
    assert three_hosts.simulate_delete("/api/hosts/nowhere").status_code == 404

    assert log_rows(database) == before


def test_hosts_list_counts_images_and_pending_per_host(three_hosts):
    three_hosts.simulate_patch(path(REDIS))

    hosts = three_hosts.simulate_get("/api/hosts").json

    assert [(h["hostname"], h["images"], h["pending"]) for h in hosts] == [
        ("nas", 1, 1),
        ("web-1", 2, 1),
        ("web-2", 1, 1),
    ]
    assert all(h["stale"] is False for h in hosts)


def test_a_host_silent_for_longer_than_stale_after_is_stale(make_client):
    with freeze_time("2026-05-01T10:00:00Z"):
        client = make_client(stale_after=timedelta(days=7))
        receive(client, NGINX, "old")
    with freeze_time("2026-05-05T10:00:00Z"):
        receive(client, REDIS, "fresh")
    with freeze_time(datetime(2026, 5, 8, 10, 0, 1, tzinfo=UTC)):
        hosts = {h["hostname"]: h for h in client.simulate_get("/api/hosts").json}

    assert hosts["old"]["stale"] is True
    assert hosts["fresh"]["stale"] is False
    assert hosts["old"]["last_seen"] == "2026-05-01T10:00:00.000000Z"


def test_forgetting_a_host_removes_it_everywhere_and_history_keeps_it(three_hosts):
    assert three_hosts.simulate_delete("/api/hosts/web-1").status_code == 204

    updates = three_hosts.simulate_get("/api/updates").json
    assert set(updates) == {NGINX}  # redis was only on web-1
    assert [h["hostname"] for h in updates[NGINX]["hosts"]] == ["nas", "web-2"]
    assert [h["hostname"] for h in three_hosts.simulate_get("/api/hosts").json] == [
        "nas",
        "web-2",
    ]
    history = three_hosts.simulate_get("/api/events", params={"host": "web-1"}).json["events"]
    assert [e["type"] for e in history] == ["UpdateReceived", "UpdateReceived", "HostForgotten"]


def test_renaming_a_host_moves_its_entries(three_hosts):
    response = three_hosts.simulate_post(
        "/api/hosts/web-2/rename", json={"hostname": " web-2.example "}
    )

    assert response.status_code == 204
    assert [h["hostname"] for h in entry(three_hosts, NGINX)["hosts"]] == [
        "nas",
        "web-1",
        "web-2.example",
    ]
    assert three_hosts.simulate_patch(path(NGINX), query_string="host=web-2").status_code == 404


@pytest.mark.parametrize(
    ("hostname", "body", "status"),
    [
        ("web-2", {"hostname": "nas"}, 409),
        ("nowhere", {"hostname": "x"}, 404),
        ("web-2", {"hostname": ""}, 400),
        ("web-2", {"hostname": 5}, 400),
        ("web-2", {}, 400),
        ("web-2", {"hostname": "bad\nname"}, 400),
        ("web-2", {"hostname": "x" * 256}, 400),
    ],
)
def test_a_rename_that_cannot_be_done_is_refused_and_appends_nothing(
    three_hosts, database, hostname, body, status
):
    before = (log_rows(database), read_table_rows(database))

    response = three_hosts.simulate_post(f"/api/hosts/{hostname}/rename", json=body)

    assert response.status_code == status
    assert response.json["description"]
    assert (log_rows(database), read_table_rows(database)) == before


@pytest.mark.parametrize("query", ["host=a%00b", "host=" + "h" * 256])
def test_a_host_parameter_that_cannot_be_a_host_name_is_400(three_hosts, query):
    for response in (
        three_hosts.simulate_get("/api/updates", query_string=query),
        three_hosts.simulate_patch(path(NGINX), query_string=query),
        three_hosts.simulate_delete(path(NGINX), query_string=query),
        three_hosts.simulate_get("/api/events", query_string=query),
    ):
        assert response.status_code == 400


def test_the_go_shape_is_kept_with_hosts_and_resolutions_added(three_hosts):
    nginx = entry(three_hosts, NGINX)

    go_fields = {"event", "received_at", "acknowledged", "acknowledged_at", "tag"}
    added = {"hosts", "repository", "image_tag", "previous_tag", "change", "snoozed_until"}
    assert set(nginx) == go_fields | added | {"resolution", "deployed_at"}


def test_time_travel_shows_the_hosts_as_they_were(three_hosts):
    before_nas = three_hosts.simulate_get("/api/updates", params={"as_of": "3"}).json

    assert [h["hostname"] for h in before_nas[NGINX]["hosts"]] == ["web-1", "web-2"]
