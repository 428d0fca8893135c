"""What the API token events do: tokens issued (only their hash is kept) and
revoked. Each event's live handler stands beside its fold."""

from peewee import Database

from diundash.events.types import TokenIssued, TokenRevoked
from diundash.projections.read_model import Effect, ReadModel, RefusedEvent

ISSUE_TOKEN = "INSERT INTO tokens (name, token_hash, read_only, issued_at) VALUES (?, ?, ?, ?)"
REVOKE_TOKEN = "DELETE FROM tokens WHERE name = ?"


def _project_issued(db: Database, event: TokenIssued, position: int) -> None:
    db.execute_sql(ISSUE_TOKEN, (event.name, event.token_hash, event.read_only, event.issued_at))


def _fold_issued(model: ReadModel, event: TokenIssued, position: int) -> None:
    if event.name in model.tokens:  # the live table's primary key refuses it too
        raise RefusedEvent(position, f"a token named {event.name!r} is live already")
    model.tokens[event.name] = (event.token_hash, event.read_only, event.issued_at)


def _project_revoked(db: Database, event: TokenRevoked, position: int) -> None:
    db.execute_sql(REVOKE_TOKEN, (event.name,))


def _fold_revoked(model: ReadModel, event: TokenRevoked, position: int) -> None:
    model.tokens.pop(event.name, None)


EFFECTS = {
    TokenIssued: Effect(_project_issued, _fold_issued),
    TokenRevoked: Effect(_project_revoked, _fold_revoked),
}
