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


def run(*command: str) -> tuple[float, float, float | None]:
    """Run ``diundash COMMAND --progress``: its wall time (s), peak RSS (MiB),
    and how long after its start it began projecting (an import), if it did."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "diundash", *command, "--progress"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    projecting = None
    assert process.stderr is not None
    for line in process.stderr:
        if b"projecting" in line:
            projecting = time.perf_counter() - start
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stderr.close()
    if process.returncode:
        raise RuntimeError(f"diundash {' '.join(command)} failed ({process.returncode})")
    return time.perf_counter() - start, usage.ru_maxrss / 1024, projecting


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
        seconds, peak, projecting = run(*command)
        print(
            f"{name:<44} {seconds:8.2f} s  ({events / seconds:.0f} events/s, "
            f"peak RSS {peak:.0f} MiB)"
        )
        if projecting is not None:
            print(f"{'  of which projecting (the rebuild)':<44} {seconds - projecting:8.2f} s")
    if not filecmp.cmp(again, export, shallow=False):
        raise RuntimeError("the export of the import differs from the file imported")


def main() -> None:
    events = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    print(f"load average {os.getloadavg()[0]:.1f} at the start")
    with tempfile.TemporaryDirectory(prefix="diundash-transfer-") as workdir:
        transfer_figures(Path(workdir), events)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
