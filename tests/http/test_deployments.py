"""Deployed: a deploy script, a CI job or the page reports an update
deployed on a host (``POST /api/deployments``); the entry and its host
item say so (``resolution``, ``deployed_at``), the Go fields count it as
acknowledged, and the next DIUN notice makes it pending again."""

import pytest
from freezegun import freeze_time
from peewee import Database

from diundash.auth.passwords import hash_password
from diundash.commands import Commands
from diundash.events.types import Audit
from diundash.notify.records import NotificationRecords
from tests.helpers import SECRET, log_rows, read_table_rows

NGINX = "docker.io/library/nginx:1.25"
REDIS = "docker.io/library/redis:7"
OLD, NEW = "sha256:" + "a" * 64, "sha256:" + "b" * 64


def receive(client, image: str, host: str, digest: str = OLD) -> None:
    body = {"image": image, "hostname": host, "digest": digest, "status": "update"}
    response = client.simulate_post("/webhook", json=body, headers={"Authorization": SECRET})
    assert response.status_code == 200


def deploy(client, image: str = NGINX, host: str = "nas", **fields: object):
    return client.simulate_post("/api/deployments", json={"image": image, "host": host, **fields})


def entry(client, image: str = NGINX) -> dict:
    return client.simulate_get("/api/updates").json[image]


def on_host(client, host: str, image: str = NGINX) -> dict:
    (item,) = [h for h in entry(client, image)["hosts"] if h["hostname"] == host]
    return item


@pytest.fixture
def nas(client):
    receive(client, NGINX, "nas")
    return client


def test_a_reported_deployment_resolves_the_host_item_as_deployed(nas):
    with freeze_time("2030-06-01T12:00:00Z"):
        response = deploy(nas, digest=OLD)

    assert response.status_code == 200
    assert response.json == {
        "image": NGINX,
        "host": "nas",
        "digest": OLD,
        "deployed_at": "2030-06-01T12:00:00.000000Z",
    }
    item = on_host(nas, "nas")
    assert item["resolution"] == "deployed"
    assert item["deployed_at"] == "2030-06-01T12:00:00.000000Z"
    assert item["update_request"] is None


def test_a_deployed_update_counts_as_acknowledged_in_the_go_fields(nas):
    deploy(nas)

    nginx = entry(nas)
    assert nginx["acknowledged"] is True
    assert nginx["acknowledged_at"] == nginx["deployed_at"]
    assert nginx["resolution"] == "deployed"
    assert on_host(nas, "nas")["acknowledged"] is True
    assert nas.simulate_post("/api/dismissals", json={}).json == {"dismissed": []}


def test_the_digest_may_be_left_out(nas):
    response = deploy(nas)

    assert response.status_code == 200
    assert response.json["digest"] == OLD


def test_a_digest_that_is_not_the_pending_one_is_409_naming_the_pending_one(nas, database):
    before = log_rows(database), read_table_rows(database)

    response = deploy(nas, digest=NEW)

    assert response.status_code == 409
    assert OLD in response.json["description"]
    assert NEW in response.json["description"]
    assert (log_rows(database), read_table_rows(database)) == before


@pytest.mark.parametrize(
    ("image", "host"), [("docker.io/library/unknown:1", "nas"), (NGINX, "web-1"), (NGINX, "")]
)
def test_an_image_or_host_with_nothing_received_is_404(nas, database, image, host):
    before = log_rows(database)

    response = deploy(nas, image, host)

    assert response.status_code == 404
    assert log_rows(database) == before


@pytest.mark.parametrize(
    "body",
    [
        {"image": NGINX},
        {"host": "nas"},
        {"image": NGINX, "host": 7},
        {"image": NGINX, "host": "nas", "digest": ""},
        {"image": NGINX, "host": "nas", "digest": 5},
        {"image": NGINX, "host": "nas\x00"},
        {"image": "", "host": "nas"},
    ],
)
def test_a_bad_body_is_400_and_appends_nothing(nas, database, body):
    before = log_rows(database)

    response = nas.simulate_post("/api/deployments", json=body)

    assert response.status_code == 400
    assert log_rows(database) == before


def test_a_second_report_changes_nothing(nas, database):
    with freeze_time("2030-06-01T12:00:00Z"):
        deploy(nas)
    events = len(log_rows(database))

    with freeze_time("2030-06-02T12:00:00Z"):
        again = deploy(nas, digest=OLD)

    assert again.status_code == 200
    assert again.json["deployed_at"] == "2030-06-01T12:00:00.000000Z"
    assert len(log_rows(database)) == events


def test_the_next_diun_notice_makes_it_pending_again(nas):
    deploy(nas)

    receive(nas, NGINX, "nas", NEW)

    item = on_host(nas, "nas")
    assert (item["resolution"], item["deployed_at"], item["acknowledged"]) == (None, None, False)
    assert entry(nas)["resolution"] is None


def test_a_dismissed_update_reported_deployed_is_deployed_and_keeps_its_dismissal_time(nas):
    with freeze_time("2030-06-01T12:00:00Z"):
        nas.simulate_patch("/api/updates/" + NGINX.replace("/", "%2F"))
    with freeze_time("2030-06-02T12:00:00Z"):
        deploy(nas)

    item = on_host(nas, "nas")
    assert item["resolution"] == "deployed"
    assert item["acknowledged_at"] == "2030-06-01T12:00:00.000000Z"
    assert item["deployed_at"] == "2030-06-02T12:00:00.000000Z"


def test_the_image_is_deployed_once_every_host_is_and_dismissed_when_some_were_dismissed(client):
    for host in ("nas", "web-1"):
        receive(client, NGINX, host)
    with freeze_time("2030-06-01T12:00:00Z"):
        deploy(client, host="nas")

    assert entry(client)["resolution"] is None  # web-1 is pending
    assert entry(client)["deployed_at"] is None

    with freeze_time("2030-06-02T12:00:00Z"):
        deploy(client, host="web-1")
    assert entry(client)["resolution"] == "deployed"
    assert entry(client)["deployed_at"] == "2030-06-02T12:00:00.000000Z"

    receive(client, NGINX, "web-1", NEW)
    client.simulate_patch("/api/updates/" + NGINX.replace("/", "%2F"), params={"host": "web-1"})
    assert entry(client)["resolution"] == "dismissed"
    assert entry(client)["deployed_at"] is None


def test_the_deployment_is_in_the_history_and_in_time_travel(nas):
    deploy(nas)

    events = nas.simulate_get("/api/events", params={"host": "nas"}).json["events"]
    assert [e["type"] for e in events] == ["UpdateReceived", "UpdateDeployed"]
    assert events[1]["data"]["digest"] == OLD
    position = str(events[1]["position"])
    past = nas.simulate_get("/api/updates", params={"as_of": position}).json
    assert past[NGINX]["hosts"][0]["resolution"] == "deployed"
    before = nas.simulate_get("/api/updates", params={"as_of": str(events[0]["position"])}).json
    assert before[NGINX]["hosts"][0]["resolution"] is None


@pytest.fixture
def guarded(make_client):
    return make_client(auth_password=hash_password("pw"))


def bearer(db: Database, name: str, read_only: bool) -> dict[str, str]:
    return {"Authorization": "Bearer " + Commands(db).issue_token(name, read_only, Audit("cli"))}


def test_with_sign_in_a_read_write_token_reports_a_deployment_and_is_its_actor(
    guarded, open_db, settings
):
    receive(guarded, NGINX, "nas")
    db = open_db(settings.database)
    body = {"image": NGINX, "host": "nas"}

    stranger = guarded.simulate_post("/api/deployments", json=body)
    reader = guarded.simulate_post(
        "/api/deployments", json=body, headers=bearer(db, "grafana", True)
    )
    deployer = guarded.simulate_post("/api/deployments", json=body, headers=bearer(db, "ci", False))

    assert (stranger.status_code, reader.status_code, deployer.status_code) == (401, 403, 200)
    events = guarded.simulate_get(
        "/api/events", params={"type": "UpdateDeployed"}, headers=bearer(db, "audit", True)
    ).json["events"]
    assert [e["audit"]["actor"] for e in events] == ["ci"]


def test_the_cli_reports_a_deployment(nas, settings, capsys, monkeypatch):
    from diundash.cli import main

    assert main(["deployed", NGINX, "--host", "nas", "--db", settings.database]) == 0
    assert "deployed" in capsys.readouterr().out
    assert on_host(nas, "nas")["resolution"] == "deployed"

    assert main(["deployed", REDIS, "--host", "nas", "--db", settings.database]) == 1
    assert "no update is tracked" in capsys.readouterr().err
    code = main(["deployed", NGINX, "--host", "nas", "--digest", NEW, "--db", settings.database])
    assert code == 1
    assert OLD in capsys.readouterr().err


def test_a_deployed_update_is_pending_nowhere_that_counts_pending(client, settings, open_db):
    receive(client, NGINX, "nas")
    receive(client, REDIS, "nas")
    assert deploy(client, NGINX, "nas").status_code == 200

    summary = client.simulate_get("/api/summary").json
    assert summary["pending"] == 1
    assert [item["image"] for item in summary["items"]] == [REDIS]
    containers = client.simulate_get("/api/containers").json
    available = {c["image"]["name"]: c["updateAvailable"] for c in containers}
    assert available == {"nginx": False, "redis": True}
    (nas_host,) = client.simulate_get("/api/hosts").json
    assert nas_host["pending"] == 1
    metrics = client.simulate_get("/metrics").text
    assert 'diundash_updates_pending{host="nas"} 1.0' in metrics
    notified = NotificationRecords(open_db(settings.database)).pending()
    assert [update.image for update in notified] == [REDIS]


def test_a_snoozed_update_reported_deployed_stays_deployed_after_the_snooze_would_end(nas):
    with freeze_time("2030-06-01T12:00:00Z"):
        path = "/api/updates/" + NGINX.replace("/", "%2F")
        snooze = nas.simulate_patch(path, json={"until": "2030-06-02T12:00:00Z"})
        assert snooze.status_code == 204
        assert on_host(nas, "nas")["resolution"] == "snoozed"
        assert deploy(nas).status_code == 200
    with freeze_time("2030-06-03T12:00:00Z"):
        item = on_host(nas, "nas")
        summary = nas.simulate_get("/api/summary").json

    assert (item["resolution"], item["acknowledged"], item["snoozed_until"]) == (
        "deployed",
        True,
        None,
    )
    assert summary["pending"] == 0
