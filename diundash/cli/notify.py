"""``diundash notify``: try the notification channels of ``NOTIFY_URLS``
(``test``), or see and send a digest now (``digest [--now]``)."""

import argparse
import sys

from diundash.cli.command import Action, Command, DatabaseUse, open_db
from diundash.config import Settings


def _notify(args: argparse.Namespace, settings: Settings) -> int:
    from diundash.clock import utc_now
    from diundash.commands import Commands
    from diundash.events.types import Audit
    from diundash.notify.channels import load_channels
    from diundash.notify.notifier import Notifier

    if not settings.notify.urls:
        print("diundash notify: no channel is set up: set NOTIFY_URLS", file=sys.stderr)
        return 1
    db = open_db(args, settings)
    notifier = Notifier(db, settings, load_channels(settings.notify.urls), Commands(db))
    audit = Audit(source="cli")
    if args.action == "digest" and not args.now:
        now = utc_now()
        digest = notifier.digest(now, now, force=True)
        assert digest is not None
        print(f"{digest.message.title}\n\n{digest.message.body}")
        print("(not sent: --now sends it)", file=sys.stderr)
        return 0
    if args.action == "digest":
        outcomes = notifier.digest_now(audit)
        if outcomes is None:
            print("diundash notify: another instance is sending: try again", file=sys.stderr)
            return 1
    else:
        outcomes = notifier.send_test(audit)
    for outcome in outcomes:
        print(f"{outcome.channel}: {'sent' if outcome.sent else f'failed: {outcome.error}'}")
    return 0 if all(outcome.sent for outcome in outcomes) else 1


def _digest_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--now", action="store_true", help="send it to every channel (else: print it)"
    )


NOTIFY = Command(
    "notify",
    "try the notification channels of NOTIFY_URLS, or send a digest now",
    _notify,
    database=DatabaseUse.UPGRADED,
    actions=(
        Action("test", "send a test notification to every channel, and say how each went"),
        Action("digest", "print the digest as it stands; --now sends it", _digest_arguments),
    ),
)
