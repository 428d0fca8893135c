"""Errors of the storage seam."""


class NotADiundashDatabase(Exception):
    """The file or schema holds something else (a DiunDashboard database, no
    SQLite database at all, another application's tables); diundash leaves
    it untouched."""
