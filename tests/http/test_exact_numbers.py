"""Numbers in a body are kept exactly as sent, or refused: a whole number
past 64 bits (which orjson would read as a rounded float) is a 400, however
it is written (JSON Schema, and so the OpenAPI document, counts 1e30 as the
integer 10^30)."""

import pytest

from tests.helpers import SECRET

IMAGE = "docker.io/library/nginx:1.25"


def post(client, raw: bytes):
    return client.simulate_post("/webhook", body=raw, headers={"Authorization": SECRET})


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("18446744073709551616", "beyond 64 bits"),
        ("-9223372036854775809", "beyond 64 bits"),
        ("1e300", "beyond 64 bits"),
        ("-2E+19", "beyond 64 bits"),
        ("18446744073709551616.0", "beyond 64 bits"),
        ("1" + "0" * 400, "not valid JSON"),  # past a double, orjson refuses it itself
    ],
)
def test_an_integer_past_64_bits_is_refused_not_rounded(client, number, message):
    raw = b'{"image": "%s", "metadata": {"n": %s}}' % (IMAGE.encode(), number.encode())

    response = post(client, raw)

    assert response.status_code == 400
    assert message in response.json["description"]
    assert client.simulate_get("/api/updates").json == {}


@pytest.mark.parametrize(
    "number",
    ["18446744073709551615", "-9223372036854775808", "1.5", "1e18", "1e-300", "0.1"],
)
def test_numbers_orjson_keeps_exactly_are_stored_as_sent(client, number):
    raw = b'{"image": "%s", "metadata": {"n": %s}, "x": [%s]}' % (
        IMAGE.encode(),
        number.encode(),
        number.encode(),
    )

    assert post(client, raw).status_code == 200

    stored = client.simulate_get("/api/updates").json[IMAGE]["event"]
    assert str(stored["metadata"]["n"]) == str(eval(number))
    assert stored["x"] == [stored["metadata"]["n"]]


def test_an_integer_past_64_bits_inside_a_string_is_just_text(client):
    raw = b'{"image": "%s", "digest": "18446744073709551616", "f": 1.5}' % IMAGE.encode()

    assert post(client, raw).status_code == 200
