"""The ``diundash`` command's entry point (and ``python -m diundash``)."""

import os
import sys


def main() -> int:
    """Run the command line: ``diundash.cli`` does the work."""
    _leave_out_unused_driver(sys.argv[1:], os.environ)
    from diundash.cli import main as run  # after the line above: it imports peewee

    return run()


def _leave_out_unused_driver(argv: list[str], env: os._Environ[str]) -> None:
    """Keep psycopg out of a process that works on SQLite.

    peewee imports psycopg whenever it is installed, even to open SQLite:
    about a third of the command's start-up and 11 MiB of a server's memory.
    A ``None`` in ``sys.modules`` makes that import fail, as if it were not
    installed. Only when nothing names PostgreSQL (no ``postgres`` URL in the
    arguments, ``DATABASE_URL`` or ``DB_PATH``) and peewee is not loaded yet.
    """
    named = (*argv, env.get("DATABASE_URL", ""), env.get("DB_PATH", ""))
    if any("postgres" in value for value in named) or "peewee" in sys.modules:
        return
    sys.modules.setdefault("psycopg", None)  # type: ignore[arg-type]


if __name__ == "__main__":
    sys.exit(main())
