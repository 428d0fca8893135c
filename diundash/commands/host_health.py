"""The commands of a host's DIUN going quiet and coming back. The heartbeat
(``diundash/heartbeat/``) decides from the metrics it read; the change is
checked again under the write lock, so several instances reading the same
DIUN record it once."""

from diundash.commands.recording import CommandsBase, record_event
from diundash.events.types import Audit, HostBack, HostSilent


class HostHealthCommands(CommandsBase):
    """Silences and returns of hosts, mixed into ``Commands``."""

    def host_silent(self, hostname: str, since: str, reason: str, audit: Audit) -> bool:
        """Record that ``hostname``'s DIUN went silent, unless it is already;
        whether it was recorded."""

        def work(now: str) -> bool:
            if self.queries.silent_since(hostname) is not None:
                return False
            event = HostSilent(hostname=hostname, since=since, reason=reason)
            record_event(self.db, event, audit, now)
            return True

        return bool(self._writer.run(work))

    def host_back(self, hostname: str, last_check_at: str, audit: Audit) -> bool:
        """Record that ``hostname``'s DIUN, silent, checked again; whether it was."""

        def work(now: str) -> bool:
            if self.queries.silent_since(hostname) is None:
                return False
            record_event(
                self.db, HostBack(hostname=hostname, last_check_at=last_check_at), audit, now
            )
            return True

        return bool(self._writer.run(work))
