"""What the notifier's tests share: a service with notifications on a test
database, webhooks sent to it, the frozen clock that drives its jobs, and
the NotificationSent events in its log."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from typing import Any

import falcon.testing
import orjson
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory
from peewee import Database

from diundash.app import Service, create_service
from diundash.config import Settings
from diundash.config.notify import NotifySettings
from tests.databases import query_db
from tests.helpers import SECRET

HOSTS = ("web-1", "web-2", "nas")


@contextmanager
def frozen(at: str | datetime) -> Iterator[FrozenDateTimeFactory]:
    """The clock frozen at ``at``; the asyncio loop of the SMTP receiver
    keeps real time."""
    with freeze_time(at, real_asyncio=True) as clock:
        assert isinstance(clock, FrozenDateTimeFactory)
        yield clock


def notify_service(
    settings: Settings, open_db: Callable[..., Database], **notify: Any
) -> tuple[Service, falcon.testing.TestClient]:
    """A service on ``settings``' database with the notification settings
    ``notify``, and a client of its app. Its jobs are not started: the tests
    run them (``service.jobs.run_due``) at the frozen time."""
    chosen = replace(settings, notify=NotifySettings(**notify))
    db = open_db(chosen.database, chosen.synchronous)
    service = create_service(chosen, db=db)
    return service, falcon.testing.TestClient(service.app)


def webhook_body(number: int, host: str | None = None) -> dict[str, Any]:
    return {
        "diun_version": "4.28.0",
        "hostname": host if host is not None else HOSTS[number % len(HOSTS)],
        "status": "new",
        "provider": "docker",
        "image": f"docker.io/library/app{number:02d}:1.0",
        "digest": f"sha256:{number:064x}",
    }


def post_webhook(client: falcon.testing.TestClient, body: dict[str, Any]) -> None:
    response = client.simulate_post("/webhook", json=body, headers={"Authorization": SECRET})
    assert response.status_code == 200, response.text


def sent_events(database: str) -> list[dict[str, Any]]:
    """The data of every NotificationSent in the log, oldest first."""
    rows = query_db(
        database, "SELECT data FROM events WHERE type = 'NotificationSent' ORDER BY position"
    )
    return [orjson.loads(data) for (data,) in rows]


def everything_stored(database: str) -> str:
    """The whole log and every table a notification could reach, as text:
    to look for a secret in."""
    tables = ("events", "notifications", "reminded_updates", "leases")
    return "\n".join(repr(query_db(database, f"SELECT * FROM {table}")) for table in tables)
