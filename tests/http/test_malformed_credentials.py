"""A cookie, token or proxy header that does not parse proves no one: a
401, never a 500, whatever bytes it holds (sign-in on: password, trusted
proxy header and tokens all at once)."""

import ipaddress

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diundash.auth.cookies import COOKIE_NAME
from diundash.auth.passwords import hash_password

PASSWORD_HASH = hash_password("a password")
PROXY = "10.0.0.5"
GUARDED = [("GET", "/api/updates"), ("POST", "/api/tags"), ("GET", "/metrics")]

# Header values as a WSGI server hands them over: bytes read as latin-1,
# anything but the line end.
HEADER_TEXT = st.text(
    st.characters(min_codepoint=0, max_codepoint=0xFF, exclude_characters="\r\n"), max_size=120
)
COOKIE_HEADERS = st.one_of(
    HEADER_TEXT,
    HEADER_TEXT.map(lambda value: f"{COOKIE_NAME}={value}"),
    st.lists(st.one_of(HEADER_TEXT, st.from_regex(r"[A-Za-z0-9_-]{0,70}", fullmatch=True))).map(
        lambda parts: f"{COOKIE_NAME}=" + ".".join(parts)
    ),
)
AUTHORIZATION_HEADERS = st.one_of(
    HEADER_TEXT, HEADER_TEXT.map(lambda value: "Bearer " + value), st.just("Bearer ddt_")
)


@pytest.fixture
def guarded(make_client):
    return make_client(
        auth_password=PASSWORD_HASH,
        auth_trusted_header="Remote-User",
        auth_trusted_proxies=(ipaddress.ip_network(PROXY),),
    )


@pytest.mark.parametrize(
    "value",
    [
        "YWRtaW4.1.\xe9",  # as found: a 500 with a traceback
        "YWRtaW4.\xb2.abc",  # a digit Python's int() does not read
        "YWRtaW4.1." + "\xe9" * 64,
        "YWRtaW4.99999999999999999999." + "0" * 64,
        "\xff\xfe.1.abcdefghijklmnopqrstuvwx." + "0" * 64,
        "gA.1.abcdefghijklmnopqrstuvwx." + "0" * 64,  # a name that is not UTF-8
        "....",
        "",
        "x" * 5000,
    ],
)
def test_a_session_cookie_that_does_not_parse_is_401(guarded, value):
    for method, path in GUARDED:
        response = guarded.simulate_request(
            method, path, headers={"Cookie": f"{COOKIE_NAME}={value}"}, json={"name": "x"}
        )

        assert response.status_code == 401, (path, response.text)


@pytest.mark.parametrize(
    "authorization",
    ["Bearer \xe9", "Bearer ddt_\x00", "Bearer " + "x" * 5000, "bearer", "Bearer ", "Basic \xff"],
)
def test_an_authorization_that_does_not_parse_is_401(guarded, authorization):
    response = guarded.simulate_get("/api/updates", headers={"Authorization": authorization})

    assert response.status_code == 401


@pytest.mark.parametrize("user", ["\x00", "bob\x7f", "e\x85ve", "x" * 257])
def test_a_proxy_user_header_that_names_no_one_is_401(guarded, user):
    response = guarded.simulate_get(
        "/api/updates", headers={"Remote-User": user}, remote_addr=PROXY
    )

    assert response.status_code == 401
    assert "Remote-User" in response.json["description"]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cookie=COOKIE_HEADERS, authorization=st.none() | AUTHORIZATION_HEADERS)
def test_no_cookie_or_authorization_header_gets_in_or_a_5xx(guarded, cookie, authorization):
    headers = {"Cookie": cookie, **({"Authorization": authorization} if authorization else {})}

    for method, path in [*GUARDED, ("GET", "/api/session"), ("DELETE", "/api/session")]:
        response = guarded.simulate_request(method, path, headers=headers)

        expected = (204, 401) if method == "DELETE" else (401,)
        assert response.status_code in expected, (method, path, response.text)
