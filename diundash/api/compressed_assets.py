"""The built page's scripts and styles, gzip-compressed for a browser that
takes it: the main script is 360 KiB as built and about a third of that
compressed, the first thing a browser on a slow link waits for.

falcon's ``StaticRoute`` answers first (the path checks, the ETag and
``Last-Modified``, a ``304``, a range); a whole ``200`` of a text file is
then sent compressed instead. Each file is compressed once, at its first
request, and kept while its size and time stay the same: Vite names the
files by their content, so a new build brings new names.
"""

import gzip
import io
import os
import threading
from pathlib import Path

import falcon
from falcon.routing import StaticRoute

from diundash.api.rendered_updates import accepts_gzip

COMPRESSIBLE = (".js", ".mjs", ".css", ".svg", ".json", ".map", ".txt", ".html")
MAX_KEPT = 64  # files; a build has a handful


class CompressedAssets:
    """``static``'s answers for the files under ``directory``, a text file's
    ``200`` sent gzip-compressed when the request takes gzip."""

    def __init__(self, static: StaticRoute, directory: Path, prefix: str) -> None:
        self.static, self.directory, self.prefix = static, directory, prefix
        self._lock = threading.Lock()
        self._kept: dict[str, tuple[tuple[int, int], bytes | None]] = {}

    def __call__(self, req: falcon.Request, resp: falcon.Response) -> None:
        self.static(req, resp)
        name = req.path[len(self.prefix) :]
        if not name.endswith(COMPRESSIBLE):
            return
        resp.vary = ("Accept-Encoding",)
        if resp.status_code != 200 or not accepts_gzip(req.get_header("Accept-Encoding")):
            return
        compressed = self._compressed(name)
        if compressed is None:  # no smaller compressed
            return
        if isinstance(resp.stream, io.IOBase):  # the file StaticRoute opened
            resp.stream.close()
        resp.set_stream(io.BytesIO(compressed), len(compressed))
        resp.set_header("Content-Encoding", "gzip")
        resp.etag = (resp.etag or "").strip('"') + "-gzip"  # a representation of its own
        resp.accept_ranges = None  # ranges are of the whole file, not of this

    def _compressed(self, name: str) -> bytes | None:
        path = self.directory / name
        stat = os.stat(path)
        version = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            kept = self._kept.get(name)
        if kept is not None and kept[0] == version:
            return kept[1]
        data = path.read_bytes()
        compressed: bytes | None = gzip.compress(data, 9, mtime=0)
        if compressed is not None and len(compressed) >= len(data):
            compressed = None
        with self._lock:
            if len(self._kept) >= MAX_KEPT:
                self._kept.clear()
            self._kept[name] = (version, compressed)
        return compressed
