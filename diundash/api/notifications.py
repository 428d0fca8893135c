"""``/api/notifications``: where notifications go (channels by scheme and
host only), what is sent and when the next digest is, the history of
sends; ``POST /api/notifications/test`` sends a test to every channel."""

import falcon

from diundash.api.audit import audit_of
from diundash.clock import format_utc
from diundash.config.notify import NotifySettings
from diundash.notify.notifier import Notifier
from diundash.notify.records import NotificationRecords

HISTORY_LENGTH = 100


class NotificationsResource:
    """``GET /api/notifications``: the set-up and the history of sends;
    ``POST /api/notifications/test``: a test to every channel, answered
    with how each went (one attempt, no retry; no result without NOTIFY_URLS)."""

    def __init__(
        self, settings: NotifySettings, records: NotificationRecords, notifier: Notifier | None
    ) -> None:
        self.settings, self.records, self.notifier = settings, records, notifier

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.cache_control = ["no-cache"]
        notifier, settings = self.notifier, self.settings
        next_digest = None if notifier is None else notifier.next_digest_at()
        remind_after = settings.remind_after
        resp.media = {
            "channels": [] if notifier is None else [each.name for each in notifier.channels],
            "new": {
                "enabled": notifier is not None and settings.new,
                "batch_seconds": int(settings.batch.total_seconds()),
            },
            "digest": {
                "schedule": settings.digest_schedule or None,
                "timezone": settings.timezone,
                "when_empty": settings.digest_when_empty,
                "next_at": None if next_digest is None else format_utc(next_digest),
            },
            "remind_after_seconds": (
                None if remind_after is None else int(remind_after.total_seconds())
            ),
            "history": self.records.history(HISTORY_LENGTH),
        }

    def on_post_test(self, req: falcon.Request, resp: falcon.Response) -> None:
        notifier = self.notifier
        outcomes = [] if notifier is None else notifier.send_test(audit_of(req, "api"))
        resp.media = {
            "results": [
                {
                    "channel": each.channel,
                    "outcome": "sent" if each.sent else "failed",
                    "error": each.error,
                }
                for each in outcomes
            ]
        }
