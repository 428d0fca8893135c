"""What kind of change each update is: repository, tag, previous tag and
change on each entry and each host's, worked out by the projection from the
log (so a replay gives the same), from DIUN's own bodies."""

import copy

import pytest

from diundash.projections.rebuild import rebuild_read_tables, verify_log
from diundash.storage import open_database
from tests.helpers import SECRET, diun_request

NGINX = "docker.io/library/nginx"


def captured_body(name: str) -> dict:
    return copy.deepcopy(diun_request(name)["body"])


def send(client, body: dict, **changes) -> None:
    response = client.simulate_post(
        "/webhook", json={**body, **changes}, headers={"Authorization": SECRET}
    )
    assert response.status_code == 200


def new_tag(client, tag: str, hostname: str = "vm", image: str = NGINX) -> None:
    """DIUN's body (watch_repo: each new tag of the repository is its own image)."""
    body = captured_body("02-A1-app-1.0-new.json")
    send(client, body, image=f"{image}:{tag}", hostname=hostname, digest=f"sha256:{tag}")


def updates(client) -> dict:
    return client.simulate_get("/api/updates").json


def kind(client, image: str) -> tuple:
    entry = updates(client)[image]
    return entry["previous_tag"], entry["change"]


def test_diuns_captured_bodies_get_repository_tag_and_kind(client):
    send(client, captured_body("02-A1-app-1.0-new.json"))
    send(client, captured_body("01-T-notif-test-new.json"))
    first = updates(client)["127.0.0.1:5000/demo/app:1.0"]
    assert first["repository"] == "127.0.0.1:5000/demo/app"
    assert first["image_tag"] == "1.0"
    assert first["previous_tag"] is None
    assert first["change"] is None  # nothing before it to compare with
    (host,) = first["hosts"]
    assert (host["repository"], host["tag"], host["previous_tag"], host["change"]) == (
        "127.0.0.1:5000/demo/app",
        "1.0",
        None,
        None,
    )
    test = updates(client)["docker.io/diun/testnotif:latest"]
    assert (test["repository"], test["image_tag"], test["change"]) == (
        "docker.io/diun/testnotif",
        "latest",
        None,
    )

    send(client, captured_body("03-A3-app-1.0-update.json"))
    again = updates(client)["127.0.0.1:5000/demo/app:1.0"]
    assert again["change"] == "digest"  # the same tag, a new build
    assert again["hosts"][0]["change"] == "digest"


def test_a_sequence_of_new_tags_says_how_big_each_step_is(client):
    steps = [
        ("1.27.3", None, None),
        ("1.27.4", "1.27.3", "patch"),
        ("1.28.0", "1.27.4", "minor"),
        ("2.0.0-rc.1", "1.28.0", "major"),
        ("2.0.0-rc.2", "2.0.0-rc.1", "prerelease"),
        ("2.0.0", "1.28.0", "major"),  # a release follows releases
        ("1.27.5", "1.27.4", "patch"),  # late, for an older line: compared below it
        ("1.28-alpine", None, None),  # another flavour: nothing of it before
        ("1.29-alpine", "1.28-alpine", "minor"),
        ("v3", "2.0.0", "major"),
        ("mainline", None, None),  # no version
        ("2026.11.1", "v3", "major"),
        ("2026.12.0", "2026.11.1", "minor"),
    ]
    for tag, previous, change in steps:
        new_tag(client, tag)
        assert kind(client, f"{NGINX}:{tag}") == (previous, change), tag


def test_the_previous_tag_counts_what_any_host_reported_and_what_was_forgotten(client):
    new_tag(client, "1.26.0", hostname="web-1")
    client.simulate_delete(f"/api/updates/{NGINX.replace('/', '%2F')}%3A1.26.0")
    new_tag(client, "1.26.1", hostname="web-2")

    entry = updates(client)[f"{NGINX}:1.26.1"]
    assert (entry["previous_tag"], entry["change"]) == ("1.26.0", "patch")


def test_each_host_keeps_the_kind_of_its_own_receipt(client):
    new_tag(client, "1.0.0", hostname="web-1")
    new_tag(client, "1.1.0", hostname="web-1")
    new_tag(client, "1.0.5", hostname="web-2")  # after 1.1.0, below it
    new_tag(client, "1.1.0", hostname="web-2")

    entry = updates(client)[f"{NGINX}:1.1.0"]
    assert [(h["hostname"], h["previous_tag"], h["change"]) for h in entry["hosts"]] == [
        ("web-1", "1.0.0", "minor"),
        ("web-2", "1.0.5", "minor"),
    ]
    assert (entry["previous_tag"], entry["change"]) == ("1.0.5", "minor")  # the latest receipt


def test_an_image_pinned_by_digest_has_the_repository_and_the_tag_it_names(client):
    digest = "sha256:" + "ab" * 32
    new_tag(client, f"1.27.3@{digest}")
    entry = updates(client)[f"{NGINX}:1.27.3@{digest}"]
    assert (entry["repository"], entry["image_tag"]) == (NGINX, "1.27.3")
    send(client, {"image": f"ghcr.io/org/tool@{digest}", "status": "new"})
    pinned = updates(client)[f"ghcr.io/org/tool@{digest}"]
    assert (pinned["repository"], pinned["image_tag"], pinned["change"]) == (
        "ghcr.io/org/tool",
        None,
        None,
    )


def test_a_replay_gives_the_same_kinds(client, database: str):
    for tag in ("1.0", "1.1", "2.0-rc1", "2.0", "1.1.1"):
        new_tag(client, tag)
    before = updates(client)

    db = open_database(database, "NORMAL")
    try:
        assert verify_log(db).drifts == []
        rebuild_read_tables(db)
    finally:
        db.close()
    assert updates(client) == before


@pytest.mark.parametrize(
    ("metadata", "containers"),
    [
        ({"ctn_names": "web,edge", "ctn_id": "1"}, ["web", "edge"]),  # docker
        ({"ctn_name": "web", "ctn_image": "nginx", "ctn_namespace": "default"}, ["web"]),
        ({"svc_id": "x1", "ctn_name": "stack_api"}, ["stack_api"]),  # swarm: the service
        ({"pod_name": "web-7d9", "pod_namespace": "prod", "ctn_name": "nginx"}, ["prod/web-7d9"]),
        ({"job_id": "shop", "job_name": "shop", "task_name": "api"}, ["shop/api"]),  # nomad
        ({"changelog": "https://example.com"}, []),
        (None, []),
    ],
)
def test_each_provider_names_its_containers_or_services(client, metadata, containers):
    send(client, {"image": "nginx:1", "metadata": metadata, "hostname": "h"})
    assert updates(client)["nginx:1"]["hosts"][0]["containers"] == containers
