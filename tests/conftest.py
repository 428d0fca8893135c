"""Shared fixtures: a real SQLite file per test and the app on it."""

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import falcon.testing
import pytest

from diundash.app import create_app
from diundash.config import Settings
from tests.helpers import (  # re-exported for older imports
    DIUN_FIXTURES,
    SECRET,
    SteppingClock,
    diun_request,
    diun_request_names,
    log_rows,
    read_table_rows,
)

__all__ = [
    "DIUN_FIXTURES",
    "SECRET",
    "SteppingClock",
    "diun_request",
    "diun_request_names",
    "log_rows",
    "read_table_rows",
]


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "diun.db")


@pytest.fixture
def settings(db_path: str, tmp_path: Path) -> Settings:
    return Settings(
        db_path=db_path,
        webhook_secret=SECRET,
        frontend_dist=tmp_path / "no-frontend",
        synchronous="NORMAL",
    )


@pytest.fixture
def make_client(settings: Settings) -> Callable[..., falcon.testing.TestClient]:
    def make(clock: Callable[[], datetime] | None = None, **overrides: Any) -> Any:
        chosen = Settings(**{**settings.__dict__, **overrides})
        app = create_app(chosen, clock=clock) if clock else create_app(chosen)
        return falcon.testing.TestClient(app)

    return make


@pytest.fixture
def client(make_client: Callable[..., falcon.testing.TestClient]) -> falcon.testing.TestClient:
    return make_client()
