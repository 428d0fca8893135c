"""Several instances on one PostgreSQL database send each batch and each
digest once: the one that holds the notify lease sends and records, the
others find it in the log."""

import threading
from datetime import timedelta

from diundash.app import Service
from diundash.config import Settings
from tests.helpers import SECRET, TEST_CLIENT_HOST
from tests.notify_helpers import frozen, notify_service, post_webhook, webhook_body
from tests.receivers import JsonReceiver


def run_at_once(services: list[Service]) -> None:
    """Each instance's jobs, in a thread of its own, started together."""
    start = threading.Barrier(len(services))

    def run(service: Service) -> None:
        start.wait()
        try:
            service.jobs.run_due()
        finally:
            assert service.notifier is not None
            service.notifier.db.close()  # this thread's connection

    threads = [threading.Thread(target=run, args=(each,)) for each in services]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_two_instances_on_postgres_send_each_message_once(open_db, pg_database, tmp_path):
    on_postgres = Settings(
        database_url=pg_database,
        webhook_secret=SECRET,
        frontend_dist=tmp_path / "no-frontend",
        allowed_hosts=(TEST_CLIENT_HOST,),
    )
    schedule = {"digest_schedule": "0 9 * * 1", "timezone": "Europe/Paris"}
    with JsonReceiver() as receiver, frozen("2026-12-06T12:00:00Z") as clock:
        instances = [
            notify_service(on_postgres, open_db, urls=(receiver.url(),), new=True, **schedule)
            for _ in range(2)
        ]
        for number in range(20):
            post_webhook(instances[number % 2][1], webhook_body(number))
        services = [service for service, _ in instances]
        for _ in range(3):  # the window's end, and twice more after
            clock.tick(timedelta(seconds=61))
            run_at_once(services)
        clock.move_to("2026-12-07T08:00:00Z")  # Monday 9:00 in Paris
        for _ in range(3):
            run_at_once(services)
            clock.tick(timedelta(seconds=11))

    titles = sorted(each["title"] for each in receiver.received)
    assert titles == [
        "diundash digest: 20 updates pending on 3 hosts",
        "diundash: 20 new updates on 3 hosts",
    ]
