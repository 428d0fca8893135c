"""The command starts only what it uses: a replay of a SQLite file loads
neither psycopg nor the web stack (they were a good part of its start-up)."""

import subprocess
import sys
from pathlib import Path

from diundash.commands import Commands
from diundash.events.types import Audit
from diundash.storage import open_database
from tests.live_server import service_env


def loaded_modules(*args: str, env: dict[str, str] | None = None) -> set[str]:
    """The modules ``python -m diundash ARGS`` imported (from ``-X importtime``)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "diundash", *args],
        env=service_env(env or {}),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return {
        line.rsplit("|", 1)[1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


def test_replay_of_a_sqlite_file_loads_neither_psycopg_nor_the_web_stack(tmp_path: Path):
    path = str(tmp_path / "diun.db")
    db = open_database(path)
    Commands(db).record_webhook({"image": "ghcr.io/a/b:1"}, Audit(source="cli"))
    db.close()

    modules = loaded_modules("replay", "--db", path)

    assert "diundash.projections.rebuild" in modules
    # (a refused import still shows its top-level name: its parts tell)
    assert (
        not {"psycopg.pq", "falcon.app", "waitress.server", "prometheus_client.metrics"} & modules
    )


def test_a_postgresql_url_in_the_environment_keeps_psycopg_loadable():
    # openapi opens no database: only the driver's import is told apart.
    modules = loaded_modules("openapi", env={"DATABASE_URL": "postgresql://nobody@127.0.0.1/x"})

    assert "psycopg.pq" in modules
