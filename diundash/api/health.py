"""``GET /healthz``: can the database be read, and do the read tables reflect
the whole log? For the container's HEALTHCHECK, a proxy or a monitor."""

import falcon
from peewee import DatabaseError

from diundash.api.write_health import WriteHealth
from diundash.projections.queries import Queries


class HealthResource:
    """200 ``ok`` when the read tables are at the log's last position; 503
    ``behind`` when they are not, ``unavailable`` (with the ``error``) when
    the database cannot be read, or ``degraded`` (with the ``reason``) from a
    failed write until the next write succeeds. Both positions are in every
    answer."""

    def __init__(self, queries: Queries, write_health: WriteHealth | None = None) -> None:
        self.queries = queries
        self.write_health = write_health or WriteHealth()

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.cache_control = ["no-store"]
        try:
            log, projected = self.queries.positions()
        except DatabaseError as error:
            resp.status = falcon.HTTP_503
            resp.media = {
                "status": "unavailable",
                "log_position": None,
                "projection_position": None,
                "error": f"the database cannot be read: {error}",
            }
            return
        problem = self.write_health.problem
        if problem is not None:
            resp.status = falcon.HTTP_503
            resp.media = {
                "status": "degraded",
                "log_position": log,
                "projection_position": projected,
                "reason": problem,
            }
            return
        current = log == projected
        resp.status = falcon.HTTP_200 if current else falcon.HTTP_503
        resp.media = {
            "status": "ok" if current else "behind",
            "log_position": log,
            "projection_position": projected,
        }
