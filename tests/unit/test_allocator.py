"""The server's C allocator held to few arenas (``server/allocator.py``),
seen through glibc's own report of its arenas."""

import os
import platform
import subprocess
import sys

import pytest

# Eight threads allocate at once (all alive, so none takes over the arena
# of one that ended), then glibc's malloc_info says how many arenas
# ("heaps") it has.
ARENAS_AFTER_THREADS = """
import ctypes, sys, tempfile, threading
from diundash.server.allocator import limit_malloc_arenas
took = limit_malloc_arenas() if sys.argv[1] == "limited" else None
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
    print(took, open(report.name).read().count("<heap nr="))
"""


def _arenas(mode: str, **env: str) -> tuple[str, int]:
    """Whether ``limit_malloc_arenas`` took (``None``: not called) and the
    arenas glibc has after eight threads, in a process of its own whose
    environment names no arena limit but ``env``."""
    chosen = {
        k: v for k, v in os.environ.items() if k not in ("MALLOC_ARENA_MAX", "GLIBC_TUNABLES")
    }
    run = subprocess.run(
        [sys.executable, "-c", ARENAS_AFTER_THREADS, mode],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={**chosen, **env},
    )
    took, arenas = run.stdout.split()
    return took, int(arenas)


glibc_only = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's malloc")


@glibc_only
def test_threads_share_two_arenas_once_limited_where_each_had_its_own() -> None:
    took, arenas = _arenas("default")
    assert arenas > 4
    took, arenas = _arenas("limited")
    assert took == "True"
    assert arenas <= 2


@glibc_only
def test_an_arena_limit_the_operator_chose_is_left_as_it_is() -> None:
    took, arenas = _arenas("limited", MALLOC_ARENA_MAX="3")
    assert took == "False"
    assert arenas == 3
    took, arenas = _arenas("limited", GLIBC_TUNABLES="glibc.malloc.arena_max=4")
    assert took == "False"
    assert arenas == 4
