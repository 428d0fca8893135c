"""Names a person picks (tags, a host's new name) may not hold characters
that disguise them (bidirectional overrides, zero-width ones): a 400 naming
the character, and nothing appended. What DIUN reports is kept as sent."""

from urllib.parse import quote

import pytest

from tests.helpers import SECRET, log_rows

DISGUISED = [
    ("prod\u200b", "U+200B ZERO WIDTH SPACE"),
    ("abc\u202egpj.exe", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("\u2066admin\u2069", "U+2066 LEFT-TO-RIGHT ISOLATE"),
    ("\ufeffstaging", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
]


def receive(client, image: str, hostname: str = "vm") -> None:
    response = client.simulate_post(
        "/webhook", json={"image": image, "hostname": hostname}, headers={"Authorization": SECRET}
    )
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(("name", "character"), DISGUISED)
def test_a_tag_name_with_a_disguising_character_is_400_naming_it(client, database, name, character):
    response = client.simulate_post("/api/tags", json={"name": name})

    assert response.status_code == 400
    assert character in response.json["description"]
    assert log_rows(database) == []


@pytest.mark.parametrize(("name", "character"), DISGUISED)
def test_renaming_a_host_to_a_disguised_name_is_400_naming_it(client, database, name, character):
    receive(client, "docker.io/library/nginx:1.25")
    before = log_rows(database)

    response = client.simulate_post("/api/hosts/vm/rename", json={"hostname": name})

    assert response.status_code == 400
    assert character in response.json["description"]
    assert log_rows(database) == before


def test_images_and_hosts_diun_reports_are_kept_as_sent_and_can_be_named_back(client):
    image, host = "evil/app\u202egpj.exe:1", "docker\u200b-host"
    receive(client, image, host)

    updates = client.simulate_get("/api/updates").json
    hosts = client.simulate_get("/api/hosts").json
    forgotten = client.simulate_delete("/api/hosts/" + quote(host, safe=""))

    assert list(updates) == [image]
    assert [entry["hostname"] for entry in hosts] == [host]
    assert forgotten.status_code == 204


def test_tags_of_plain_names_in_any_script_are_still_accepted(client):
    for name in ("production", "производство", "本番", "עברית", "emoji 🚀"):
        assert client.simulate_post("/api/tags", json={"name": name}).status_code == 201
