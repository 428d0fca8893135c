"""What's Up Docker's API shape: the widgets that read WUD work unchanged
pointed at diundash. Each check reads what the widget's own source reads:

- Homepage ``src/widgets/whatsupdocker/``: ``GET {url}/api/containers``, then
  ``containersData.length`` (monitoring) and
  ``containersData.filter(c => c.updateAvailable).length`` (updates); with
  ``username``/``password`` it sends HTTP Basic, with ``headers`` any header.
- Homarr ``packages/integrations/src/wud/``: ``GET {url}/api/app`` must be
  ``ok`` and parse as JSON (the connection test); ``GET {url}/api/containers``
  must parse as ``z.array(z.object({id: z.string(), name: z.string(),
  updateAvailable: z.boolean()}))``; with a username and password it sends
  ``Authorization: Basic`` (over HTTPS only)."""

import base64
from urllib.parse import quote

import orjson
import pytest
from peewee import Database

from diundash.auth.passwords import hash_password
from diundash.commands import Commands
from diundash.events.types import Audit
from tests.helpers import SECRET

NGINX = "docker.io/library/nginx:1.25"
APP = "ghcr.io/acme/app:2"


def receive(client, image: str, host: str, containers: str = "") -> None:
    body: dict[str, object] = {
        "image": image,
        "hostname": host,
        "digest": f"sha256:{host}",
        "status": "new",
    }
    if containers:
        body["metadata"] = {"ctn_names": containers}
    response = client.simulate_post("/webhook", json=body, headers={"Authorization": SECRET})
    assert response.status_code == 200


@pytest.fixture
def fleet(client):
    receive(client, NGINX, "nas", "web,edge")
    receive(client, NGINX, "vps")
    receive(client, APP, "nas", "app")
    client.simulate_patch(f"/api/updates/{quote(NGINX, safe='')}?host=vps")
    return client


def homepage_blocks(data: list[dict]) -> dict[str, int]:
    """Homepage's whatsupdocker component, line for line."""
    return {
        "monitoring": len(data),
        "updates": len([container for container in data if container["updateAvailable"]]),
    }


def homarr_stats(body: bytes) -> dict[str, int]:
    """Homarr's parseWudContainersResponseAsync and mapWudStats."""
    containers = orjson.loads(body)
    assert isinstance(containers, list)
    for container in containers:
        assert isinstance(container["id"], str)
        assert isinstance(container["name"], str)
        assert type(container["updateAvailable"]) is bool
    return {
        "totalContainers": len(containers),
        "updatesAvailable": len([c for c in containers if c["updateAvailable"]]),
    }


def test_homepage_counts_one_container_per_image_and_host_and_the_pending_ones(fleet):
    response = fleet.simulate_get("/api/containers")

    assert response.status_code == 200
    assert homepage_blocks(response.json) == {"monitoring": 3, "updates": 2}


def test_homarr_parses_the_containers_and_counts_the_same(fleet):
    response = fleet.simulate_get("/api/containers")

    assert homarr_stats(response.content) == {"totalContainers": 3, "updatesAvailable": 2}


def test_homarr_connection_test_finds_json_at_api_app(client):
    response = client.simulate_get("/api/app")

    assert response.status_code == 200
    assert orjson.loads(response.content)["name"] == "diundash"


def test_each_container_carries_wud_fields_where_diundash_knows_them(fleet):
    by_key = {
        (c["watcher"], c["image"]["name"]): c for c in fleet.simulate_get("/api/containers").json
    }
    nginx = by_key[("nas", "nginx")]

    assert nginx["name"] == "web"
    assert nginx["displayName"] == "web on nas"
    assert nginx["image"]["tag"]["value"] == "1.25"
    assert nginx["result"] == {"tag": "1.25", "digest": "sha256:nas"}
    assert nginx["updateKind"] == {"kind": "digest", "remoteValue": "sha256:nas"}
    assert nginx["link"] == f"http://falconframework.org/?image={quote(NGINX, safe='')}"
    assert by_key[("vps", "nginx")]["updateAvailable"] is False
    assert by_key[("vps", "nginx")]["updateKind"] == {"kind": "unknown"}
    assert by_key[("nas", "ghcr.io/acme/app")]["name"] == "app"


def test_a_container_id_stays_the_same_across_new_receipts(client):
    receive(client, NGINX, "nas")
    first = client.simulate_get("/api/containers").json[0]["id"]
    client.simulate_post(
        "/webhook",
        json={"image": NGINX, "hostname": "nas", "digest": "sha256:newer"},
        headers={"Authorization": SECRET},
    )

    assert client.simulate_get("/api/containers").json[0]["id"] == first


def test_host_narrows_the_containers(fleet):
    containers = fleet.simulate_get("/api/containers", query_string="host=vps").json

    assert [c["watcher"] for c in containers] == ["vps"]


def basic(user: str, password: str) -> dict[str, str]:
    credentials = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {credentials}"}


@pytest.fixture
def db(open_db, settings) -> Database:
    return open_db(settings.database)


@pytest.fixture
def signed(make_client):
    return make_client(auth_password=hash_password("a password"))


def read_only_token(db: Database) -> str:
    return Commands(db).issue_token("homarr", True, Audit(source="cli"))


@pytest.mark.parametrize("path", ["/api/containers", "/api/app"])
def test_with_sign_in_on_the_wud_paths_need_a_token(signed, path):
    response = signed.simulate_get(path)

    assert response.status_code == 401


@pytest.mark.parametrize("path", ["/api/containers", "/api/app"])
def test_homarr_basic_auth_with_a_read_only_token_as_password_is_let_in(signed, db, path):
    response = signed.simulate_get(path, headers=basic("homarr", read_only_token(db)))

    assert response.status_code == 200


def test_homepage_headers_with_a_bearer_token_are_let_in(signed, db):
    response = signed.simulate_get(
        "/api/containers", headers={"Authorization": f"Bearer {read_only_token(db)}"}
    )

    assert response.status_code == 200


def test_basic_auth_with_an_unknown_token_is_a_401(signed, db):
    read_only_token(db)
    response = signed.simulate_get("/api/containers", headers=basic("homarr", "ddt_" + "x" * 43))

    assert response.status_code == 401
    assert response.json["title"] == "Invalid token"


def test_a_proxys_own_basic_sign_in_is_not_taken_for_a_token(client):
    # nginx's auth_basic passes the browser's Authorization on: with sign-in
    # off it must change nothing, as before.
    response = client.simulate_get("/api/containers", headers=basic("alice", "her password"))

    assert response.status_code == 200
