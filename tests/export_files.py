"""Export files of any length, written straight from a generator (no log
behind them): for the import's memory test and its benchmark."""

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

from diundash.clock import format_utc
from diundash.events.chain import GENESIS, canonical_bytes, chain_hash
from diundash.ops.export_format import HEADER

START = datetime(2026, 3, 23, 10, 0, tzinfo=UTC)


def webhook_body(n: int, images: int) -> dict[str, Any]:
    """A DIUN body for one of ``images`` images on one of 20 hosts."""
    image = n % images
    return {
        "diun_version": "v4.33.0",
        "hostname": f"host-{image % 20}",
        "status": "update",
        "provider": "docker",
        "image": f"registry.example:5000/team-{image % 40}/service-{image}:1.{image % 9}",
        "hub_link": "",
        "mime_type": "application/vnd.oci.image.manifest.v1+json",
        "digest": f"sha256:{n:064x}",
        "created": "2026-02-03T04:05:06.123456789Z",
        "platform": "linux/amd64",
        "metadata": {"ctn_names": f"svc{image}", "ctn_id": f"{image:012x}"},
    }


def write_export(path: Path, events: int, images: int = 500) -> None:
    """A format 2 export of ``events`` events: webhooks for ``images``
    images, every tenth a dismissal of the image before it, hash-chained."""
    previous = GENESIS
    audit = {"source": "webhook", "remote_addr": "127.0.0.1", "request_id": None, "actor": None}
    with path.open("wb") as out:
        out.write(orjson.dumps(HEADER) + b"\n")
        for position in range(1, events + 1):
            recorded_at = format_utc(START + timedelta(milliseconds=position))
            if position % 10:
                type_name = "UpdateReceived"
                data: dict[str, Any] = {
                    "body": webhook_body(position, images),
                    "received_at": recorded_at,
                }
            else:
                type_name = "UpdateDismissed"
                image = webhook_body(position - 1, images)["image"]
                data = {"image": image, "dismissed_at": recorded_at, "host": None}
            canonical = canonical_bytes(position, type_name, 2, data, recorded_at, audit)
            previous = chain_hash(previous, canonical)
            record = {
                "position": position,
                "type": type_name,
                "version": 2,
                "recorded_at": recorded_at,
                "data": data,
                "audit": audit,
                "hash": previous,
            }
            out.write(orjson.dumps(record) + b"\n")
