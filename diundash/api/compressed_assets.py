"""The built page's scripts and styles, gzip-compressed for a browser that
takes it: the main script is 367 KB as built and 110 KB compressed, the
first thing a browser on a slow link waits for.

falcon's ``StaticRoute`` answers first (the path checks, the ``ETag`` and
``Last-Modified``, a ``304``, a range); a whole ``200`` of a text file is
then sent compressed instead. Each file is compressed once, at its first
request, and kept while it stays the same file: Vite names the files by
their content, so a new build brings new names.

To a client that takes gzip, a text file's ``ETag`` is the weak form of the
file's (``W/"…"``; nginx's gzip does the same): the compressed and the
plain bytes are the same content, and falcon compares tags weakly, so
either one revalidates to a ``304``.
"""

import gzip
import io
import os
import threading

import falcon
from falcon.routing import StaticRoute

from diundash.api.rendered_updates import accepts_gzip

COMPRESSIBLE = (".js", ".mjs", ".css", ".svg", ".json", ".map", ".txt", ".html")
MAX_KEPT = 64  # files; a build has a handful

FileVersion = tuple[int, int, int, int]  # device, inode, modification time, size


class CompressedAssets:
    """``static``'s answers, a text file's ``200`` sent gzip-compressed when
    the request takes gzip."""

    def __init__(self, static: StaticRoute) -> None:
        self.static = static
        self._lock = threading.Lock()
        self._kept: dict[str, tuple[FileVersion, bytes | None]] = {}

    def __call__(self, req: falcon.Request, resp: falcon.Response) -> None:
        self.static(req, resp)
        if not req.path.endswith(COMPRESSIBLE):
            return
        resp.vary = ("Accept-Encoding",)
        if not accepts_gzip(req.get_header("Accept-Encoding")):
            return
        if resp.etag is not None and not resp.etag.startswith("W/"):
            resp.etag = f"W/{resp.etag}"  # a 200 or a 304: either encoding matches it
        built = resp.stream  # for a whole 200, the file StaticRoute opened
        if resp.status_code != 200 or not isinstance(built, io.BufferedReader):
            return  # a 304, or a range: of the file as built
        try:
            compressed = self._compressed(os.path.normpath(req.path), built)
        except BaseException:
            built.close()
            raise
        if compressed is None:  # no smaller than the file: the file goes as built
            built.seek(0)
            return
        built.close()
        resp.set_stream(io.BytesIO(compressed), len(compressed))
        resp.set_header("Content-Encoding", "gzip")
        resp.accept_ranges = None  # ranges are of the file as built, not of this

    def _compressed(self, name: str, built: io.BufferedReader) -> bytes | None:
        stat = os.fstat(built.fileno())
        version = (stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size)
        with self._lock:
            kept = self._kept.get(name)
        if kept is not None and kept[0] == version:
            return kept[1]
        data = built.read(stat.st_size)
        compressed = gzip.compress(data, 9, mtime=0)
        smaller = compressed if len(compressed) < len(data) else None
        with self._lock:
            if len(self._kept) >= MAX_KEPT:
                self._kept.clear()
            self._kept[name] = (version, smaller)
        return smaller
