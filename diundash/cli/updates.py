"""The commands on updates: ``deployed``, what a deploy script runs once
it has pulled and restarted an image."""

import argparse

from diundash.cli.command import Command, DatabaseUse, open_db
from diundash.config import Settings


def _deployed(args: argparse.Namespace, settings: Settings) -> int:
    from diundash.commands import Commands
    from diundash.events.types import Audit
    from diundash.input_rules import check_host_name, check_image

    image, host = check_image(args.image, "the image"), check_host_name(args.host, "--host")
    deployment = Commands(open_db(args, settings)).deployed(
        image, host, args.digest, Audit(source="cli")
    )
    digest = deployment.digest or "no digest"
    print(f"{image} on {host!r}: {digest} deployed at {deployment.deployed_at}")
    return 0


def _deployed_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("image", help="the image reference, as DIUN reported it")
    parser.add_argument("--host", required=True, help="the host it was deployed on")
    parser.add_argument(
        "--digest", help="the digest deployed: refused unless it is the one pending there"
    )


DEPLOYED = Command(
    "deployed",
    "report an image's update deployed on a host (as POST /api/deployments does)",
    _deployed,
    database=DatabaseUse.UPGRADED,
    arguments=_deployed_arguments,
)
