"""The body limit counts the body, through a real ``diundash serve``: a
chunked body of exactly 1 MiB passes, and a body a little too large gets its
413 every time, never a reset connection."""

from collections.abc import Iterator

import pytest
import requests

from diundash.config import MAX_BODY_BYTES
from tests.helpers import SECRET
from tests.live_server import LiveServer

TIMEOUT = 10
TRIES = 10


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with LiveServer(tmp_path_factory.mktemp("server"), secret=SECRET) as live:
        yield live


def body_of(size: int) -> bytes:
    prefix = b'{"image":"docker.io/big/body:1","padding":"'
    return prefix + b"x" * (size - len(prefix) - 2) + b'"}'


@pytest.mark.parametrize("chunk_size", [65536, 1000], ids=["64KiB-chunks", "1000B-chunks"])
def test_a_chunked_body_of_exactly_one_mib_is_accepted(server: LiveServer, chunk_size: int):
    body = body_of(MAX_BODY_BYTES)
    chunks = (body[i : i + chunk_size] for i in range(0, len(body), chunk_size))

    response = requests.post(
        server.url("/webhook"), data=chunks, headers={"Authorization": SECRET}, timeout=TIMEOUT
    )

    assert response.status_code == 200, response.text


def test_a_two_mib_body_is_a_json_413_every_time_never_a_reset(server: LiveServer):
    body = body_of(2 * MAX_BODY_BYTES)
    answers = []
    for _ in range(TRIES):
        try:
            response = requests.post(
                server.url("/webhook"),
                data=body,
                headers={"Authorization": SECRET},
                timeout=TIMEOUT,
            )
        except requests.ConnectionError:
            answers.append("reset")
            continue
        answers.append(f"{response.status_code} {response.headers['content-type']}")

    assert answers == ["413 application/json"] * TRIES
