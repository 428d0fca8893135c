"""The built page's scripts and styles sent gzip-compressed to a browser
that takes it (``api/compressed_assets.py``), and as built to any other."""

import gzip
import os

import pytest

SCRIPT = ("export const rows = [" + ",".join(f'"image-{n}"' for n in range(3000)) + "];\n").encode()
PICTURE = os.urandom(4000)  # does not compress


@pytest.fixture
def site(make_client, tmp_path):
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>diundash app</title>")
    (dist / "assets" / "index-abc123.js").write_bytes(SCRIPT)
    (dist / "assets" / "logo-abc123.png").write_bytes(PICTURE)
    (dist / "assets" / "noise-abc123.css").write_bytes(os.urandom(2000))
    site = make_client(frontend_dist=dist)
    site.dist = dist
    return site


GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def test_a_script_goes_compressed_to_a_browser_that_takes_gzip(site):
    response = site.simulate_get("/assets/index-abc123.js", headers=GZIP)

    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content) == SCRIPT
    assert int(response.headers["Content-Length"]) == len(response.content) < len(SCRIPT) / 3
    assert response.headers["Content-Type"] == "text/javascript"
    assert response.headers["Vary"] == "Accept-Encoding"
    assert "immutable" in response.headers["Cache-Control"]
    assert "Accept-Ranges" not in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"  # headers as ever


@pytest.mark.parametrize("accept", [None, "identity", "gzip;q=0", "br"])
def test_a_script_goes_as_built_to_a_client_that_does_not_take_gzip(site, accept):
    headers = {"Accept-Encoding": accept} if accept else {}
    response = site.simulate_get("/assets/index-abc123.js", headers=headers)

    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert response.content == SCRIPT
    assert response.headers["Vary"] == "Accept-Encoding"


def test_either_encoding_revalidates_to_a_304_that_keeps_the_asset_for_good(site):
    plain = site.simulate_get("/assets/index-abc123.js")
    packed = site.simulate_get("/assets/index-abc123.js", headers=GZIP)

    # The same content: the compressed answer's tag is the plain one, weak.
    assert packed.headers["ETag"] == f"W/{plain.headers['ETag']}"
    for accept, tag in [({}, plain), (GZIP, packed), (GZIP, plain), ({}, packed)]:
        again = site.simulate_get(
            "/assets/index-abc123.js", headers={**accept, "If-None-Match": tag.headers["ETag"]}
        )
        assert again.status_code == 304
        assert again.content == b""
        assert again.headers["ETag"] == (packed if accept else plain).headers["ETag"]
        assert again.headers["Vary"] == "Accept-Encoding"
        assert again.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_if_modified_since_alone_revalidates_too(site):
    packed = site.simulate_get("/assets/index-abc123.js", headers=GZIP)

    again = site.simulate_get(
        "/assets/index-abc123.js",
        headers={**GZIP, "If-Modified-Since": packed.headers["Last-Modified"]},
    )

    assert again.status_code == 304
    assert again.headers["ETag"] == packed.headers["ETag"]


def test_head_gives_the_compressed_length_without_a_body(site):
    get = site.simulate_get("/assets/index-abc123.js", headers=GZIP)
    head = site.simulate_head("/assets/index-abc123.js", headers=GZIP)

    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["Content-Length"] == get.headers["Content-Length"]
    assert head.headers["Content-Encoding"] == "gzip"


def test_a_range_is_of_the_file_as_built(site):
    response = site.simulate_get("/assets/index-abc123.js", headers={**GZIP, "Range": "bytes=0-9"})

    assert response.status_code == 206
    assert "Content-Encoding" not in response.headers
    assert response.content == SCRIPT[:10]


@pytest.mark.parametrize("name", ["logo-abc123.png", "noise-abc123.css"])
def test_what_does_not_compress_goes_as_built(site, name):
    built = (site.dist / "assets" / name).read_bytes()

    response = site.simulate_get(f"/assets/{name}", headers=GZIP)

    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert response.content == built


def test_a_rebuilt_file_is_compressed_again(site):
    site.simulate_get("/assets/index-abc123.js", headers=GZIP)
    rebuilt = SCRIPT.replace(b"image-", b"another-")  # another length, whatever the clock
    (site.dist / "assets" / "index-abc123.js").write_bytes(rebuilt)

    response = site.simulate_get("/assets/index-abc123.js", headers=GZIP)

    assert gzip.decompress(response.content) == rebuilt


def test_a_missing_asset_is_still_a_404(site):
    response = site.simulate_get("/assets/gone.js", headers=GZIP)

    assert response.status_code == 404
    assert "Content-Encoding" not in response.headers
