"""A real ``diundash serve`` on a database whose file system is full or
read-only: a tmpfs mounted in a private mount namespace (``unshare``), which
needs root; skipped, saying why, where that is impossible."""

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

from diundash.api.openapi import openapi_document
from tests.helpers import SECRET
from tests.live_server import CLI_TIMEOUT, LiveServer, service_env

TIMEOUT = 10
TMPFS_SIZE = "2M"


def _why_no_private_mounts() -> str | None:
    if os.geteuid() != 0:
        return "mounting a tmpfs needs root"
    if shutil.which("unshare") is None:
        return "no unshare (util-linux) on this machine"
    probe = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "true"],
        capture_output=True,
        text=True,
        check=False,
    )
    return None if probe.returncode == 0 else f"unshare --mount fails: {probe.stderr.strip()}"


WHY_NOT = _why_no_private_mounts()
pytestmark = pytest.mark.skipif(WHY_NOT is not None, reason=str(WHY_NOT))


def in_private_tmpfs(directory: Path, then: str = 'exec "$@"') -> list[str]:
    """A command prefix: mount a small tmpfs on ``directory``, in a mount
    namespace of its own (so nothing outside sees it), then run ``then``."""
    script = f'mount -t tmpfs -o size={TMPFS_SIZE} tmpfs "$DIR" && {then}'
    namespace = ["unshare", "--mount", "--propagation", "private"]
    return [*namespace, "env", f"DIR={directory}", "sh", "-c", script, "sh"]


def fill(directory: Path) -> Path:
    """Write a file in ``directory`` until its file system is full."""
    filler = directory / "filler"
    with filler.open("wb", buffering=0) as out:
        for _ in range(10_000):  # bounded: 10,000 x 64 KiB is far more than the tmpfs
            try:
                out.write(b"\0" * 65536)
            except OSError as error:
                if error.errno != errno.ENOSPC:
                    raise
                return filler
    raise AssertionError(f"{directory} did not fill up")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "data"
    directory.mkdir()
    return directory


@pytest.fixture
def server_on_tmpfs(tmp_path: Path, data_dir: Path) -> Iterator[tuple[LiveServer, Path]]:
    with LiveServer(
        tmp_path / "server",
        secret=SECRET,
        env={"DB_PATH": str(data_dir / "diun.db")},
        wrapper=in_private_tmpfs(data_dir),
    ) as server:
        # The tmpfs as the server sees it: through its own root, in its namespace.
        yield server, Path(f"/proc/{server.pid}/root") / data_dir.relative_to("/")


def post_webhook(server: LiveServer, image: str) -> requests.Response:
    return requests.post(
        server.url("/webhook"),
        json={"image": image},
        headers={"Authorization": SECRET},
        timeout=TIMEOUT,
    )


def test_a_full_disk_is_507_and_health_degraded_until_a_write_succeeds(server_on_tmpfs):
    server, seen_by_server = server_on_tmpfs
    assert post_webhook(server, "docker.io/library/redis:7").status_code == 200
    filler = fill(seen_by_server)

    refused = post_webhook(server, "docker.io/library/nginx:1.25")
    degraded = requests.get(server.url("/healthz"), timeout=TIMEOUT)
    filler.unlink()
    accepted = post_webhook(server, "docker.io/library/nginx:1.25")
    healthy = requests.get(server.url("/healthz"), timeout=TIMEOUT)

    assert refused.status_code == 507
    assert refused.headers["content-type"].startswith("application/json")
    assert refused.json()["description"].startswith("the disk of the database is full")
    # As the OpenAPI document says (tests/http/test_openapi.py cannot fill a disk).
    OpenAPI.from_dict(openapi_document()).validate_response(
        RequestsOpenAPIRequest(refused.request), RequestsOpenAPIResponse(refused)
    )
    assert degraded.status_code == 503
    assert degraded.json()["status"] == "degraded"
    assert "full" in degraded.json()["reason"]
    assert accepted.status_code == 200
    assert healthy.status_code == 200
    assert healthy.json()["log_position"] == 2


@pytest.mark.parametrize("existing", [True, False], ids=["existing file", "new file"])
def test_serve_on_a_read_only_file_system_is_one_line_and_exit_1(data_dir, existing):
    diundash = f"{sys.executable} -m diundash"
    create = f'{diundash} import /dev/null --db "$DIR/diun.db" >/dev/null && ' if existing else ""
    result = subprocess.run(
        in_private_tmpfs(data_dir, f'{create}mount -o remount,ro "$DIR" && {diundash} serve'),
        env=service_env({"DB_PATH": str(data_dir / "diun.db"), "PORT": "1", "WEBHOOK_SECRET": "s"}),
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT,
        check=False,
    )

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"diundash: cannot write {data_dir / 'diun.db'}: "
        f"{data_dir / 'diun.db' if existing else data_dir} is read-only (a read-only file "
        "system or no write permission); diundash needs to write the database and create "
        "diun.db-wal and diun.db-shm beside it"
    ]
