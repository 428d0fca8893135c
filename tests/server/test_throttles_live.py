"""The sign-in and webhook throttles on a real server, with raw concurrency:
a burst of guesses from one address gets one look at a time, an address
that has not failed is never held up (nor one that sends the right
secret), X-Forwarded-For counts from a trusted proxy only, and two
instances on one database (SQLite file or PostgreSQL) share the counts.

No assertion rests on the machine's speed: a burst's looked-at guesses are
bounded by the waits that fit in the time the burst took."""

import http.client
import math
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import orjson
import pytest

from diundash.auth.passwords import hash_password
from diundash.auth.throttle import WEBHOOK_ALLOWANCE
from tests.helpers import SECRET
from tests.live_server import LiveServer, address_of

PASSWORD = "the right password"
PASSWORD_HASH = hash_password(PASSWORD)
GUESSER, USER = "127.0.0.1", "127.0.0.2"  # loopback answers from all of 127/8
TIMEOUT = 30
WEBHOOK_BODY = orjson.dumps({"image": "docker.io/library/nginx:1.25"})


def post(
    server: LiveServer,
    path: str,
    body: bytes,
    headers: Iterable[tuple[str, str]] = (),
    source: str = GUESSER,
) -> int:
    """POST ``body`` from the loopback address ``source``; the status."""
    connection = http.client.HTTPConnection(
        *address_of(server.base_url), timeout=TIMEOUT, source_address=(source, 0)
    )
    try:
        connection.request("POST", path, body, dict(headers))
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def sign_in(server: LiveServer, password: str, source: str = GUESSER, **headers: str) -> int:
    body = orjson.dumps({"password": password})
    return post(server, "/api/session", body, headers.items(), source)


def webhook(server: LiveServer, secret: str, source: str = GUESSER) -> int:
    return post(server, "/webhook", WEBHOOK_BODY, [("Authorization", secret)], source)


def at_once(calls: Sequence[Callable[[], int]]) -> tuple[Counter[int], float]:
    """Run ``calls`` on threads released together; their statuses, and the
    seconds from the release to the last answer."""
    barrier = threading.Barrier(len(calls) + 1)
    statuses: list[int] = []

    def run(call: Callable[[], int]) -> None:
        barrier.wait()
        statuses.append(call())

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.monotonic()
    for thread in threads:
        thread.join(TIMEOUT)
    return Counter(statuses), time.monotonic() - started


def most_looked_at(free: int, seconds: float) -> int:
    """How many guesses the throttle may look at in ``seconds``: the free
    ones, one more, then one per doubling wait (1 s, 2 s, ...) that fits."""
    return free + 1 + math.floor(math.log2(seconds + 1))


def fail_until_the_wait_is(
    server: LiveServer, wait: int, source: str = GUESSER, **headers: str
) -> None:
    """Wrong passwords from ``source``, each after the last one's wait, until
    the wait after the last is ``wait`` seconds (a margin no slow machine eats)."""
    delay = 1
    while True:
        assert sign_in(server, "wrong", source, **headers) == 401
        if delay == wait:
            return
        time.sleep(delay + 0.1)
        delay *= 2


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    with LiveServer(tmp_path, secret=SECRET, env={"AUTH_PASSWORD": PASSWORD_HASH}) as live:
        yield live


def test_a_burst_of_wrong_passwords_from_one_address_gets_one_look_at_a_time(server):
    statuses, seconds = at_once([lambda: sign_in(server, "wrong")] * 16)

    assert set(statuses) <= {401, 429}
    assert statuses[401] <= most_looked_at(0, seconds), (statuses, seconds)


def test_after_a_wrong_password_another_address_signs_in_at_once(server):
    assert sign_in(server, "wrong", GUESSER) == 401

    assert sign_in(server, PASSWORD, USER) == 200


def test_the_guessers_own_right_password_waits_like_any_other_attempt(server):
    fail_until_the_wait_is(server, 2)

    assert sign_in(server, PASSWORD, GUESSER) == 429


def test_behind_a_trusted_proxy_each_client_is_counted_apart(tmp_path):
    env = {"AUTH_PASSWORD": PASSWORD_HASH, "TRUSTED_PROXIES": "127.0.0.1"}
    guesser = {"X-Forwarded-For": "203.0.113.5"}
    with LiveServer(tmp_path, secret=SECRET, env=env) as proxied:
        fail_until_the_wait_is(proxied, 2, **guesser)

        guessers_right = sign_in(proxied, PASSWORD, **guesser)
        # What a client puts first is not believed: the proxy appends the address it saw.
        spoofed = sign_in(proxied, PASSWORD, **{"X-Forwarded-For": "198.51.100.7, 203.0.113.5"})
        user = sign_in(proxied, PASSWORD, **{"X-Forwarded-For": "198.51.100.7"})
        proxy_itself = sign_in(proxied, PASSWORD)

    assert (user, proxy_itself, guessers_right, spoofed) == (200, 200, 429, 429)


def test_without_trusted_proxies_x_forwarded_for_is_not_believed(server):
    fail_until_the_wait_is(server, 2)

    forged = sign_in(server, PASSWORD, **{"X-Forwarded-For": "198.51.100.7"})

    assert forged == 429


@pytest.mark.slow
def test_two_instances_on_one_database_share_the_password_counts(tmp_path, database):
    env = {"AUTH_PASSWORD": PASSWORD_HASH}
    with (
        LiveServer(tmp_path / "a", secret=SECRET, env=env, database=database) as one,
        LiveServer(tmp_path / "b", secret=SECRET, env=env, database=database) as other,
    ):
        fail_until_the_wait_is(one, 4)

        assert sign_in(other, PASSWORD, GUESSER) == 429
        assert sign_in(other, PASSWORD, USER) == 200


def test_a_burst_of_wrong_webhook_secrets_gets_one_look_at_a_time(server):
    guesses = [lambda n=n: webhook(server, f"guess-{n}") for n in range(40)]

    statuses, seconds = at_once(guesses)

    assert set(statuses) <= {401, 429}
    assert statuses[401] <= most_looked_at(WEBHOOK_ALLOWANCE, seconds), (statuses, seconds)


def test_a_guesser_never_holds_up_a_diun_with_the_right_secret(server):
    guesses = [lambda n=n: webhook(server, f"guess-{n}", GUESSER) for n in range(30)]
    diun = [lambda: webhook(server, SECRET, USER) for _ in range(30)]

    statuses, _ = at_once([call for pair in zip(guesses, diun, strict=True) for call in pair])

    assert statuses[200] == 30
    assert statuses[429] > 0  # the guesser was held


def test_a_diun_with_an_old_secret_never_holds_up_one_with_the_right_one_behind_it(server):
    statuses = [
        webhook(server, secret, GUESSER) for _ in range(10) for secret in ("an-old-secret", SECRET)
    ]

    assert statuses == [401, 200] * 10


@pytest.mark.slow
def test_two_instances_on_one_database_share_the_webhook_counts(tmp_path, database):
    with (
        LiveServer(tmp_path / "a", secret=SECRET, database=database) as one,
        LiveServer(tmp_path / "b", secret=SECRET, database=database) as other,
    ):
        for n in range(WEBHOOK_ALLOWANCE + 1):
            assert webhook(one, f"guess-{n}") == 401
        for n in range(2):  # the wait so far is 1 s; make it 4
            time.sleep(2**n + 0.1)
            assert webhook(one, f"guess-more-{n}") == 401

        assert webhook(other, "guess-elsewhere") == 429
        assert webhook(other, SECRET) == 429  # held here too now, whatever it sends
        assert webhook(other, SECRET, USER) == 200
