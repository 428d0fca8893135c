"""The page's API types are generated from the served OpenAPI document
(scripts/api-types); the committed file must be what the generator makes of
the document the service serves today."""

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import falcon.testing
import pytest

from diundash.app import create_app
from diundash.config import Settings
from diundash.storage import open_database
from tests.helpers import REPO, TEST_CLIENT_HOST

GENERATOR = REPO / "frontend" / "scripts" / "api-types.mjs"
COMMITTED = REPO / "frontend" / "src" / "api" / "schema.gen.ts"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[falcon.testing.TestClient]:
    """The document is the same on either engine: SQLite alone."""
    db = open_database(str(tmp_path / "diun.db"))
    yield falcon.testing.TestClient(create_app(Settings(allowed_hosts=(TEST_CLIENT_HOST,)), db=db))
    db.close()


def test_committed_api_types_are_generated_from_the_served_document(client, tmp_path: Path):
    served = client.simulate_get("/api/openapi.json")
    assert served.status_code == 200
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(served.json))
    generated = tmp_path / "schema.gen.ts"

    subprocess.run(
        ["node", GENERATOR, document, generated], check=True, capture_output=True, timeout=120
    )

    assert generated.read_text() == COMMITTED.read_text(), (
        "frontend/src/api/schema.gen.ts is stale: run scripts/api-types and commit the result"
    )


def test_served_document_equals_what_the_openapi_command_prints(
    client: falcon.testing.TestClient,
):
    printed = subprocess.run(
        [Path(sys.executable).parent / "diundash", "openapi"],
        check=True,
        capture_output=True,
        timeout=60,
    )

    assert json.loads(printed.stdout) == client.simulate_get("/api/openapi.json").json
