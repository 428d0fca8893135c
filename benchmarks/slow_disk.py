"""A slow disk, simulated: each ``fsync`` and ``fdatasync`` a server makes
returns ``delay_ms`` later, through strace's fault injection (Debian's
``strace`` package). A real SSD under load, an SD card or a NAS takes
milliseconds where this machine's disk takes a fraction of one.

strace stops the traced process only at those two calls (``--seccomp-bpf``),
so everything else runs at full speed.
"""

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

STRACE = "/usr/bin/strace"

# Timed under the same wrapper as the server: what one flush of a few bytes costs.
FLUSH_TIMING = """
import os, sys, tempfile, time
with tempfile.NamedTemporaryFile(dir=sys.argv[1]) as file:
    start = time.perf_counter()
    for _ in range(40):
        os.write(file.fileno(), b"x" * 100)
        os.fdatasync(file.fileno())
    print((time.perf_counter() - start) / 40 * 1000)
"""


class NoStrace(RuntimeError):
    """The slow disk needs strace, and it is not installed."""


def slow_disk(delay_ms: float) -> list[str]:
    """The command prefix that runs a process on a disk whose flushes take
    ``delay_ms`` more; [] for no delay."""
    if not delay_ms:
        return []
    if not Path(STRACE).is_file():
        raise NoStrace(
            f"--fsync-delay-ms needs strace at {STRACE} to delay the server's fsync calls "
            "(apt-get install strace); nothing was measured on a slow disk"
        )
    delay_us = round(delay_ms * 1000)
    return [
        STRACE,
        "-f",
        "-qq",
        "--seccomp-bpf",
        "-o",
        os.devnull,
        "-e",
        "trace=fsync,fdatasync",
        "-e",
        f"inject=fsync,fdatasync:delay_exit={delay_us}",
        "--",
    ]


def flush_ms(prefix: list[str], directory: Path) -> float:
    """How long one ``fdatasync`` of a small write takes in ``directory``,
    run under ``prefix`` (milliseconds, the mean of 40)."""
    done = subprocess.run(
        [*prefix, sys.executable, "-c", FLUSH_TIMING, str(directory)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip())


def stop_traced(process: "subprocess.Popen[bytes]") -> None:
    """Stop a process started under ``slow_disk``'s prefix: strace leaves its
    tracee running when it is itself stopped, so the tracee is asked (SIGTERM,
    a graceful stop) and strace ends with it."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    try:
        pids = [int(pid) for pid in children.read_text().split()]
    except OSError:
        pids = []
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    if not pids:
        process.terminate()
    process.wait(timeout=30)
