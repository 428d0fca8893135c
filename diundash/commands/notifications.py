"""The command of the notifier (``diundash/notify/``): its record of each
attempt at sending."""

from diundash.commands.recording import CommandsBase, record_event
from diundash.events.types import Audit, NotificationSent


class NotificationCommands(CommandsBase):
    """The notifier's records, mixed into ``Commands``."""

    def record_notification(self, event: NotificationSent, audit: Audit) -> None:
        """Record one attempt at sending a notification to a channel, made
        before (so the log says what was sent, and nothing is sent twice)."""

        def work(now: str) -> None:
            record_event(self.db, event, audit, now)

        self._writer.run(work)
