"""The fleet in /metrics: pending updates and the last report per host, and
the histogram of how long updates waited until dismissed; no image or
digest in any label, and a scrape that reads nothing of the log while
nothing changed."""

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from falcon.testing import TestClient
from prometheus_client.parser import text_string_to_metric_families

from diundash.api.fleet_metrics import WaitHistogram
from diundash.app import create_app
from diundash.events.types import Event
from diundash.projections.queries import Queries
from tests.helpers import SECRET, HandClock

NGINX = "docker.io/library/nginx:1.25"
REDIS = "docker.io/library/redis:7"
START = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> HandClock:
    return HandClock(START)


@pytest.fixture
def client(make_client, clock):
    return make_client(clock=clock)


def receive(client, image: str, host: str) -> None:
    body = {"image": image, "hostname": host, "digest": "sha256:" + "a" * 64}
    response = client.simulate_post("/webhook", json=body, headers={"Authorization": SECRET})
    assert response.status_code == 200


def dismiss(client, image: str, host: str | None = None) -> None:
    query = "" if host is None else f"?host={host}"
    assert client.simulate_patch(f"/api/updates/{quote(image, safe='')}{query}").status_code == 204


def samples(client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.simulate_get("/metrics")
    assert response.status_code == 200
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def test_pending_updates_and_the_last_report_are_reported_per_host(client, clock):
    receive(client, NGINX, "nas")
    receive(client, REDIS, "nas")
    clock.now += timedelta(hours=1)
    receive(client, NGINX, "web")
    dismiss(client, REDIS)

    found = samples(client)

    assert found[("diundash_updates_pending", (("host", "nas"),))] == 1
    assert found[("diundash_updates_pending", (("host", "web"),))] == 1
    assert found[("diundash_host_last_report_timestamp_seconds", (("host", "nas"),))] == (
        START.timestamp()
    )
    assert (
        found[("diundash_host_last_report_timestamp_seconds", (("host", "web"),))]
        == (START + timedelta(hours=1)).timestamp()
    )


def test_a_forgotten_host_leaves_the_metrics(client):
    receive(client, NGINX, "old")
    assert ("diundash_updates_pending", (("host", "old"),)) in samples(client)

    assert client.simulate_delete("/api/hosts/old").status_code == 204

    assert ("diundash_updates_pending", (("host", "old"),)) not in samples(client)


def test_no_label_names_an_image_or_a_digest(client):
    receive(client, NGINX, "nas")
    dismiss(client, NGINX)
    receive(client, REDIS, "nas")

    labels = {value for (_, pairs) in samples(client) for _, value in pairs}

    assert not [value for value in labels if "nginx" in value or "redis" in value]
    assert not [value for value in labels if "sha256" in value]


def wait_buckets(client) -> dict[float, float]:
    return {
        float(dict(pairs)["le"]): value
        for (name, pairs), value in samples(client).items()
        if name == "diundash_update_wait_seconds_bucket"
    }


def test_the_wait_histogram_counts_each_dismissal_by_how_long_it_waited(client, clock):
    samples(client)  # the first scrape: it counts from here
    receive(client, NGINX, "nas")
    receive(client, NGINX, "web")
    receive(client, REDIS, "nas")
    clock.now += timedelta(hours=2)
    dismiss(client, NGINX)  # two updates (nas and web), two hours each
    clock.now += timedelta(days=40)
    dismiss(client, REDIS, "nas")  # 40 days and 2 hours
    dismiss(client, REDIS, "nas")  # already dismissed: nothing waited

    found = samples(client)
    buckets = wait_buckets(client)

    assert found[("diundash_update_wait_seconds_count", ())] == 3
    assert found[("diundash_update_wait_seconds_sum", ())] == 2 * 7200 + (40 * 86400 + 7200)
    hour, day = 3600, 86400
    assert buckets[hour] == 0
    assert buckets[6 * hour] == 2
    assert buckets[30 * day] == 2
    assert buckets[60 * day] == 3
    assert buckets[float("inf")] == 3


def test_the_wait_histogram_counts_a_reported_deployment(client, clock):
    samples(client)
    receive(client, NGINX, "nas")
    clock.now += timedelta(hours=3)
    body = {"image": NGINX, "host": "nas"}
    assert client.simulate_post("/api/deployments", json=body).status_code == 200

    found = samples(client)

    assert found[("diundash_update_wait_seconds_count", ())] == 1
    assert found[("diundash_update_wait_seconds_sum", ())] == 3 * 3600


def test_a_new_receipt_starts_the_wait_again_and_a_forget_ends_it_uncounted(client, clock):
    samples(client)
    receive(client, NGINX, "nas")
    clock.now += timedelta(days=3)
    receive(client, NGINX, "nas")  # a newer digest: the wait starts again
    receive(client, REDIS, "nas")
    clock.now += timedelta(hours=1)
    dismiss(client, NGINX)
    assert client.simulate_delete(f"/api/updates/{quote(REDIS, safe='')}").status_code == 204

    found = samples(client)

    assert found[("diundash_update_wait_seconds_count", ())] == 1
    assert found[("diundash_update_wait_seconds_sum", ())] == 3600


def test_updates_pending_before_the_first_scrape_are_counted_when_dismissed(client, clock):
    receive(client, NGINX, "nas")
    samples(client)
    clock.now += timedelta(days=2)
    dismiss(client, NGINX)

    assert samples(client)[("diundash_update_wait_seconds_sum", ())] == 2 * 86400


def test_a_dismissal_through_another_instance_is_counted_too(client, clock, settings, open_db):
    other = create_app(settings, clock=clock, db=open_db(settings.database))
    receive(client, NGINX, "nas")
    samples(client)
    clock.now += timedelta(minutes=5)

    dismiss(TestClient(other), NGINX)

    assert samples(client)[("diundash_update_wait_seconds_count", ())] == 1


class CountingQueries(Queries):
    """The real queries, counting how often the log is read."""

    log_reads = 0

    def events_after(self, position: int) -> Iterator[tuple[int, Event]]:
        self.log_reads += 1
        return super().events_after(position)


def test_a_scrape_reads_no_log_while_the_read_state_stands_still(settings, open_db, client):
    receive(client, NGINX, "nas")
    queries = CountingQueries(open_db(settings.database))
    histogram = WaitHistogram(queries)

    histogram.catch_up()  # learns what is pending
    histogram.catch_up()
    histogram.catch_up()
    assert queries.log_reads == 0

    dismiss(client, NGINX)
    histogram.catch_up()
    histogram.catch_up()
    assert queries.log_reads == 1
    assert sum(histogram.counts) == 1


README = Path(__file__).resolve().parents[2] / "README.md"


def readme_alerts() -> list[dict[str, str]]:
    text = README.read_text()
    blocks = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", text, re.S)]
    rules = next(block for block in blocks if isinstance(block, dict) and "groups" in block)
    return list(rules["groups"][0]["rules"])


def test_every_metric_the_readme_alerts_on_is_served(client):
    receive(client, NGINX, "nas")
    families = list(text_string_to_metric_families(client.simulate_get("/metrics").text))
    # Declared even before they have a sample (a counter of errors yet to happen).
    served = {f.name + ("_total" if f.type == "counter" else "") for f in families}
    served |= {sample.name for family in families for sample in family.samples}
    alerts = {rule["alert"]: rule["expr"] for rule in readme_alerts()}

    assert {"DiundashHostStoppedReporting", "DiundashUpdatesWaitingOver30Days"} <= set(alerts)
    for name, expr in alerts.items():
        for metric in re.findall(r"diundash_[a-z_]+", expr):
            assert metric in served, f"{name} reads {metric}, which /metrics does not serve"
