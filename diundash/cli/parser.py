"""The ``diundash`` command line, built from what each command declares."""

import argparse

from diundash.cli import log, notify, service, sign_in, transfer, updates
from diundash.cli.command import Command, DatabaseUse, add_db_option

# In the order ``diundash --help`` lists them.
COMMANDS: tuple[Command, ...] = (
    service.SERVE,
    log.REPLAY,
    log.VERIFY,
    transfer.EXPORT,
    transfer.IMPORT,
    transfer.IMPORT_LEGACY,
    log.HISTORY,
    updates.DEPLOYED,
    transfer.BACKUP,
    service.OPENAPI,
    service.HEALTHCHECK,
    sign_in.HASH_PASSWORD,
    sign_in.TOKEN,
    sign_in.ROTATE_SESSION_KEY,
    sign_in.SESSIONS,
    notify.NOTIFY,
)


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command; the one parsed sets ``declared`` to its ``Command``."""
    parser = argparse.ArgumentParser(
        prog="diundash",
        description="Event-sourced dashboard for DIUN webhooks. "
        "Settings come from the environment (DB_PATH, HOST, PORT, WEBHOOK_SECRET, ...).",
    )
    names = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        _add(names, command)
    return parser


def _add(names: "argparse._SubParsersAction[argparse.ArgumentParser]", command: Command) -> None:
    parser = names.add_parser(command.name, help=command.help, description=command.help)
    parser.set_defaults(declared=command)
    takes_db = command.database is not DatabaseUse.NONE
    if not command.actions:
        if takes_db:
            add_db_option(parser)
        command.arguments(parser)
        return
    command.arguments(parser)
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    for action in command.actions:
        action_parser = actions.add_parser(action.name, help=action.help)
        action.arguments(action_parser)
        if takes_db:  # after the action's own arguments: `token list --db FILE`
            add_db_option(action_parser)
