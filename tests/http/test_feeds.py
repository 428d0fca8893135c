"""GET /feed.atom and /feed.json: the Atom feed read by a real feed parser
(feedparser, which reads no JSON Feed before its version 7), the JSON Feed
checked against what version 1.1 requires, ETags as the list has them, and
a read-only token in the URL for readers that cannot send a header, kept
out of the access log."""

import logging
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import feedparser
import pytest
from peewee import Database

from diundash.auth.passwords import hash_password
from diundash.commands import Commands
from diundash.events.types import Audit
from tests.helpers import SECRET, HandClock

NGINX = "docker.io/library/nginx:1.25"
REDIS = "docker.io/library/redis:7"
FEEDS = ["/feed.atom", "/feed.json"]


CLOCK = HandClock(datetime(2026, 11, 1, 8, 0, tzinfo=UTC))


def receive(client, image: str, host: str, digest: str, **fields) -> None:
    CLOCK.now += timedelta(minutes=1)
    body = {"image": image, "hostname": host, "digest": digest, "status": "new", **fields}
    response = client.simulate_post("/webhook", json=body, headers={"Authorization": SECRET})
    assert response.status_code == 200


@pytest.fixture
def fed(make_client):
    CLOCK.now = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    client = make_client(clock=CLOCK)
    receive(client, NGINX, "nas", "sha256:aaa", platform="linux/arm64")
    receive(client, REDIS, "nas", "sha256:rrr", created="2026-10-30T12:00:00Z")
    receive(client, NGINX, "web", "sha256:aaa")
    receive(client, NGINX, "nas", "sha256:bbb")
    return client


def atom(client, query: str | None = None) -> feedparser.FeedParserDict:
    response = client.simulate_get("/feed.atom", query_string=query)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def test_the_atom_feed_has_one_entry_per_received_update_newest_first(fed):
    parsed = atom(fed)

    assert parsed.version == "atom10"
    assert [entry.title for entry in parsed.entries] == [
        f"{NGINX} on nas: new version",
        f"{NGINX} on web: new version",
        f"{REDIS} on nas: new version",
        f"{NGINX} on nas: new version",
    ]
    newest = parsed.entries[0]
    assert newest.link == f"http://falconframework.org/?image={quote(NGINX, safe='')}"
    assert newest.updated == "2026-11-01T08:04:00.000000Z"
    assert "sha256:bbb" in newest.summary
    assert "built 2026-10-30T12:00:00Z" in parsed.entries[2].summary
    assert parsed.feed.title == "diundash: image updates"
    assert parsed.feed.id.startswith("urn:uuid:")


def test_entry_ids_are_stable_per_host_image_and_digest(fed):
    first = {entry.title + entry.summary: entry.id for entry in atom(fed).entries}
    receive(fed, NGINX, "web", "sha256:aaa")  # the same update again (a notif test, say)
    again = atom(fed).entries

    assert len({entry.id for entry in again}) == len(again) == 4  # no update listed twice
    assert again[0].title == f"{NGINX} on web: new version"
    assert again[0].id in first.values()
    ids = {entry.title: entry.id for entry in again if "redis" in entry.title}
    assert list(ids.values()) == [
        next(id_ for text, id_ in first.items() if text.startswith(REDIS))
    ]


def test_the_same_image_on_two_hosts_or_at_two_digests_is_two_entries(fed):
    ids = [entry.id for entry in atom(fed).entries if NGINX in entry.title]

    assert len(set(ids)) == 3


def test_the_feeds_hold_the_newest_fifty(make_client):
    client = make_client(clock=CLOCK)
    for n in range(60):
        receive(client, f"registry.example/app:{n}", "nas", f"sha256:{n}")

    entries = atom(client).entries
    items = client.simulate_get("/feed.json").json["items"]

    assert len(entries) == len(items) == 50
    assert entries[0].title.startswith("registry.example/app:59 ")
    assert entries[-1].title.startswith("registry.example/app:10 ")


def test_host_narrows_a_feed_to_that_host(fed):
    parsed = atom(fed, "host=web")

    assert [entry.title for entry in parsed.entries] == [f"{NGINX} on web: new version"]
    assert parsed.feed.title == "diundash: image updates on web"
    assert fed.simulate_get("/feed.json", query_string="host=web").json["items"][0]["tags"] == [
        "web"
    ]


def test_the_json_feed_has_every_field_json_feed_1_1_requires(fed):
    response = fed.simulate_get("/feed.json")
    feed = response.json

    assert response.headers["Content-Type"] == "application/feed+json; charset=utf-8"
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(feed["title"], str)
    assert feed["title"]
    assert isinstance(feed["items"], list)
    assert len(feed["items"]) == 4
    for item in feed["items"]:
        assert isinstance(item["id"], str)
        assert item["id"]
        assert isinstance(item.get("content_text") or item.get("content_html"), str)
        datetime.fromisoformat(item["date_published"])  # RFC 3339
    assert feed["feed_url"] == "http://falconframework.org/feed.json"
    assert feed["items"][0]["title"] == f"{NGINX} on nas: new version"
    assert feed["items"][0]["url"] == f"http://falconframework.org/?image={quote(NGINX, safe='')}"


def test_both_feeds_list_the_same_updates_under_the_same_ids(fed):
    items = fed.simulate_get("/feed.json").json["items"]

    assert [item["id"] for item in items] == [entry.id for entry in atom(fed).entries]


def test_an_empty_log_is_an_empty_valid_feed(client):
    assert atom(client).entries == []
    assert client.simulate_get("/feed.json").json["items"] == []


def test_text_xml_cannot_carry_is_replaced_not_sent(client):
    receive(client, NGINX, "nas", "sha256:\x01odd\ufffe")

    assert "sha256:\ufffdodd\ufffd" in atom(client).entries[0].summary


@pytest.mark.parametrize("path", FEEDS)
def test_a_feed_answers_304_until_the_log_moves(fed, path):
    etag = fed.simulate_get(path).headers["ETag"]

    assert fed.simulate_get(path, headers={"If-None-Match": etag}).status_code == 304
    receive(fed, REDIS, "web", "sha256:new")
    moved = fed.simulate_get(path, headers={"If-None-Match": etag})
    assert moved.status_code == 200
    assert moved.headers["ETag"] != etag


@pytest.mark.parametrize("path", FEEDS)
def test_a_bad_host_is_a_400(client, path):
    assert client.simulate_get(path, query_string="host=%01").status_code == 400


def test_the_links_go_to_public_url_when_it_is_set(make_client):
    client = make_client(public_url="https://diun.example.com/")
    receive(client, NGINX, "nas", "sha256:aaa")
    link = f"https://diun.example.com/?image={quote(NGINX, safe='')}"

    assert atom(client).entries[0].link == link
    assert client.simulate_get("/feed.json").json["items"][0]["url"] == link


# Sign-in on: a token or a session, and a read-only token may come in the URL.

TOKEN_NAME = "feeds"


@pytest.fixture
def db(open_db, settings) -> Database:
    return open_db(settings.database)


@pytest.fixture
def signed(make_client):
    return make_client(auth_password=hash_password("a password"))


def token(db: Database, read_only: bool = True) -> str:
    name = TOKEN_NAME if read_only else "ci-bot"
    return Commands(db).issue_token(name, read_only, Audit(source="cli"))


@pytest.mark.parametrize("path", FEEDS)
def test_with_sign_in_on_a_feed_needs_a_token_or_a_session(signed, db, path):
    assert signed.simulate_get(path).status_code == 401
    bearer = {"Authorization": f"Bearer {token(db)}"}
    assert signed.simulate_get(path, headers=bearer).status_code == 200
    session = signed.simulate_post("/api/session", json={"password": "a password"})
    assert signed.simulate_get(path, cookies=session.cookies).status_code == 200


@pytest.mark.parametrize("path", FEEDS)
def test_a_read_only_token_may_come_in_the_url(signed, db, path):
    response = signed.simulate_get(path, query_string=f"token={token(db)}")

    assert response.status_code == 200


@pytest.mark.parametrize("path", FEEDS)
def test_a_token_that_may_write_is_refused_in_the_url(signed, db, path):
    response = signed.simulate_get(path, query_string=f"token={token(db, read_only=False)}")

    assert response.status_code == 401
    assert "read-only" in response.json["description"]


@pytest.mark.parametrize("path", FEEDS)
def test_an_unknown_token_in_the_url_is_a_401(signed, path):
    response = signed.simulate_get(path, query_string="token=ddt_" + "x" * 43)

    assert response.status_code == 401


def test_a_token_in_the_url_counts_on_the_feeds_only(signed, db):
    response = signed.simulate_get("/api/summary", query_string=f"token={token(db)}")

    assert response.status_code == 401


@pytest.mark.parametrize("path", FEEDS)
def test_the_token_in_the_url_stays_out_of_every_log_line(signed, db, path, caplog):
    secret = token(db)
    caplog.set_level(logging.DEBUG)

    response = signed.simulate_get(path, query_string=f"token={secret}")

    assert response.status_code == 200
    access = [r for r in caplog.records if r.name == "diundash.access"]
    assert len(access) == 1
    assert f"path={path}" in access[0].getMessage()
    assert all(secret not in record.getMessage() for record in caplog.records)
    assert secret not in response.text  # not echoed in the feed's own links either
