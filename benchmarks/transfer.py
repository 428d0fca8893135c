"""Export and import of a long log through the ``diundash`` command, each in
a process of its own: wall time, rate and peak RSS (the goal: constant
memory, at most 100 MiB, at 1,000,000 events).

    .venv/bin/python -m benchmarks.transfer 1000000

The export file is generated (webhooks for 2,000 images on 20 hosts, every
tenth event a dismissal, hash-chained), imported into a new SQLite file,
then exported again and compared byte for byte.
"""

import filecmp
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.export_files import write_export


def run(*command: str) -> tuple[float, float]:
    """Run ``diundash COMMAND``; its wall time (s) and peak RSS (MiB)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "diundash", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise RuntimeError(f"diundash {' '.join(command)} failed ({process.returncode})")
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def transfer_figures(workdir: Path, events: int) -> None:
    export = workdir / "generated.jsonl"
    write_export(export, events, images=2000)
    database = str(workdir / "transfer.db")
    again = workdir / "again.jsonl"
    mib = export.stat().st_size / 1024 / 1024
    for name, command in (
        (f"import {events} events ({mib:.0f} MiB)", ("import", "--db", database, str(export))),
        (f"export {events} events", ("export", "--db", database, "--out", str(again))),
    ):
        seconds, peak = run(*command)
        print(
            f"{name:<44} {seconds:8.2f} s  ({events / seconds:.0f} events/s, "
            f"peak RSS {peak:.0f} MiB)"
        )
    if not filecmp.cmp(again, export, shallow=False):
        raise RuntimeError("the export of the import differs from the file imported")


def main() -> None:
    events = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory(prefix="diundash-transfer-") as workdir:
        transfer_figures(Path(workdir), events)


if __name__ == "__main__":
    main()
