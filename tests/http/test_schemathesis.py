"""schemathesis, with every check, against a real ``diundash serve`` reading
its own served OpenAPI document: generated requests (valid ones, invalid
ones, unsupported methods, sequences that follow the document's links) must
get the answers the document promises, and nothing else. The checks it may
skip are in tests/http/schemathesis.toml, each with its reason."""

import subprocess
import sys
from pathlib import Path

from tests.live_server import LiveServer

CONFIG = Path(__file__).with_name("schemathesis.toml")
# Enough to find what a run by hand found (each operation gets this many
# generated cases per phase and mode); under a minute here.
MAX_EXAMPLES = 50
# A fixed seed: the suite is repeatable; a failure is replayed by its seed.
SEED = 20261202
TIMEOUT_S = 600


def test_schemathesis_finds_no_disagreement_between_the_document_and_the_service(
    tmp_path: Path,
) -> None:
    with LiveServer(tmp_path / "server", env={"ACCESS_LOG": "off"}) as server:
        run = subprocess.run(
            [
                str(Path(sys.executable).with_name("st")),
                "--no-color",
                f"--config-file={CONFIG}",
                "run",
                server.url("/api/openapi.json"),
                f"--max-examples={MAX_EXAMPLES}",
                f"--seed={SEED}",
                "--generation-database=none",
                "--workers=1",
            ],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )

    assert run.returncode == 0, run.stdout[-20_000:] + run.stderr[-5_000:]
