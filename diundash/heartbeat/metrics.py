"""Reading a DIUN's metrics: the series of its watch runs, out of the
Prometheus text format (``prometheus_client``'s parser), as DIUN's
``internal/metrics`` serves them."""

from dataclasses import dataclass
from datetime import UTC, datetime

from diundash.config.endpoints import Endpoint
from diundash.outbound import Outbound, OutboundFailure

LAST_RUN = "diun_watch_last_run_timestamp_seconds"  # absent until the first run ends
RUNS = "diun_watch_runs_total"
BUILD_INFO = "diun_build_info"
# A DIUN with thousands of images serves a few MiB (seven series per image).
MAX_METRICS_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class DiunMetrics:
    """What the heartbeat reads of a DIUN: when its last watch run ended
    (None before the first), how many it has run, and its version."""

    last_run_at: datetime | None
    runs_total: float
    version: str


def parse_metrics(text: str) -> DiunMetrics:
    """The watch-run series of a DIUN's metrics; ``OutboundFailure`` when
    ``text`` is not Prometheus's text format or holds no DIUN watch runs."""
    from prometheus_client.parser import text_string_to_metric_families

    values: dict[str, float] = {}
    version = ""
    try:
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                if sample.name in (LAST_RUN, RUNS):
                    values[sample.name] = float(sample.value)
                elif sample.name == BUILD_INFO:
                    version = sample.labels.get("version", "")
    except (ValueError, TypeError, IndexError):
        raise OutboundFailure("the answer is not in Prometheus's text format") from None
    if RUNS not in values:
        raise OutboundFailure(f"the answer has no {RUNS}: not the metrics of a DIUN 4.32 or later")
    seconds = values.get(LAST_RUN)
    last_run_at = datetime.fromtimestamp(seconds, UTC) if seconds else None
    return DiunMetrics(last_run_at, values[RUNS], version)


def read_metrics(outbound: Outbound, source: Endpoint, timeout_s: float) -> DiunMetrics:
    """Fetch and parse a DIUN's metrics; ``OutboundFailure`` saying why
    (never naming the URL) when they cannot be read."""
    answer = outbound.send(
        "GET", source.url, dict(source.headers), None, timeout_s, MAX_METRICS_BYTES
    )
    if answer.status != 200:
        hint = " (is its bearer token right?)" if answer.status in (401, 403) else ""
        raise OutboundFailure(f"the metrics URL answered {answer.status_line}{hint}")
    text = answer.body.decode("utf-8", "replace")
    if len(answer.body) >= MAX_METRICS_BYTES:  # cut: the last line may be half of one
        text = text[: text.rfind("\n") + 1]
    return parse_metrics(text)
