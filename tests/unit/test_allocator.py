"""The server's C allocator held to few arenas (``server/allocator.py``),
seen through glibc's own report of its arenas."""

import subprocess
import sys

import pytest

# Eight threads allocate at once (all alive, so none takes over the arena
# of one that ended), then glibc's malloc_info says how many arenas
# ("heaps") it has.
ARENAS_AFTER_THREADS = """
import ctypes, sys, tempfile, threading
from diundash.server.allocator import limit_malloc_arenas
if sys.argv[1] == "limited":
    assert limit_malloc_arenas()
together = threading.Barrier(8)
def work():
    together.wait()
    kept = [bytearray(2000) for _ in range(200)]
    together.wait()
threads = [threading.Thread(target=work) for _ in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
libc = ctypes.CDLL(None)
libc.fopen.restype = ctypes.c_void_p
with tempfile.NamedTemporaryFile() as report:
    stream = ctypes.c_void_p(libc.fopen(report.name.encode(), b"w"))
    libc.malloc_info(0, stream)
    libc.fclose(stream)
    print(open(report.name).read().count("<heap nr="))
"""


def _arenas(mode: str) -> int:
    run = subprocess.run(
        [sys.executable, "-c", ARENAS_AFTER_THREADS, mode],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(run.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc")
def test_threads_share_two_arenas_once_limited_where_each_had_its_own() -> None:
    assert _arenas("default") > 4
    assert _arenas("limited") <= 2
