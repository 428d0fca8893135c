"""Errors of the storage seam."""


class NotADiundashDatabase(Exception):
    """The file or schema holds something else (a DiunDashboard database, no
    SQLite database at all, another application's tables); diundash leaves
    it untouched."""


class DatabaseNotWritable(Exception):
    """The database cannot be written (a read-only file system, a file or a
    directory without write permission): diundash would fail every write."""
