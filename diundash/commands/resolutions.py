"""The commands that close the loop on an update: a deployment reported,
an update asked of a host's hook (``update_hooks.py`` calls it first)."""

from dataclasses import dataclass

from diundash.commands.recording import CommandsBase, record_event
from diundash.errors import DigestNotPending, UnknownImage
from diundash.events.types import Audit, UpdateDeployed, UpdateRequested


@dataclass(frozen=True)
class Deployment:
    """The deployment of an image on a host, as it stands after a report."""

    image: str
    host: str
    digest: str
    deployed_at: str


class ResolutionCommands(CommandsBase):
    """Deployments and requests of an update, mixed into ``Commands``."""

    def deployed(self, image: str, host: str, digest: str | None, audit: Audit) -> Deployment:
        """Resolve the update of ``image`` on ``host`` as deployed. A
        ``digest`` must be the one pending there (``DigestNotPending``); a
        second report of the same deployment changes nothing."""

        def work(now: str) -> Deployment:
            entry = self.queries.host_entry(image, host)
            if entry is None:
                raise UnknownImage(image, host)
            if digest is not None and digest != entry.digest:
                raise DigestNotPending(image, host, entry.digest, digest)
            if entry.deployed_at is not None:
                return Deployment(image, host, entry.digest, entry.deployed_at)
            event = UpdateDeployed(image=image, host=host, digest=entry.digest, deployed_at=now)
            record_event(self.db, event, audit, now)
            return Deployment(image, host, entry.digest, now)

        deployment: Deployment = self._writer.run(work)
        return deployment

    def update_requested(
        self, image: str, host: str, hook_status: int | None, outcome: str, audit: Audit
    ) -> str:
        """Record that ``host``'s update hook was asked to update ``image``
        and what it answered (the call is over: no lock was held while it
        ran). Recorded even if the entry was forgotten meanwhile: the hook
        was called. Returns when it was recorded."""

        def work(now: str) -> str:
            event = UpdateRequested(
                image=image, host=host, requested_at=now, hook_status=hook_status, outcome=outcome
            )
            record_event(self.db, event, audit, now)
            return now

        requested_at: str = self._writer.run(work)
        return requested_at
