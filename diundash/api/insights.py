"""``GET /api/insights``: what the log tells of how updates are handled."""

import falcon

from diundash.clock import Clock
from diundash.projections.queries import Queries
from diundash.projections.time_travel import AsOfPastTheEnd, InvalidAsOf

DEFAULT_DAYS = 90
MAX_DAYS = 3650


class InsightsResource:
    """Over the ``days`` (1 to 3650, default 90) up to now, or up to
    ``as_of`` (an RFC 3339 time or a log position, as for the list):
    updates received and resolved per week, time from receipt to dismissal
    (median, 90th percentile, per host), the oldest pending updates, the
    repositories that change most, and the hosts by lag."""

    def __init__(self, queries: Queries, clock: Clock) -> None:
        self.queries = queries
        self.clock = clock

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        days = req.get_param_as_int("days", min_value=1, max_value=MAX_DAYS) or DEFAULT_DAYS
        as_of = req.get_param("as_of")
        try:
            insights = self.queries.insights(days, as_of, self.clock())
        except InvalidAsOf as error:
            raise falcon.HTTPBadRequest(description=str(error)) from None
        except AsOfPastTheEnd as error:
            raise falcon.HTTPNotFound(description=str(error)) from None
        resp.cache_control = ["no-cache"]
        resp.media = insights
