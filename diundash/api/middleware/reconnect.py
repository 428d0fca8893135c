"""Recovering from a database server that closed this thread's connection."""

import falcon
from peewee import Database

from diundash.storage import drop_broken_connection


class ReconnectMiddleware:
    """Before each request, drop this thread's connection if the database
    server closed it, so the service recovers by itself once it is back."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        drop_broken_connection(self.db)
