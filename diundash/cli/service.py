"""The commands around the running service: ``serve``, ``healthcheck`` and
``openapi``."""

import argparse
import sys

import orjson

from diundash.cli.command import Command, DatabaseUse
from diundash.config import Settings
from diundash.ops.health_probe import DEFAULT_TIMEOUT_S, health_url, probe


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from diundash.server.run import serve  # the web stack: only to serve

    serve(settings)
    return 0


def _openapi(args: argparse.Namespace, settings: Settings) -> int:
    from diundash.api.openapi import openapi_document

    sys.stdout.buffer.write(orjson.dumps(openapi_document(), option=orjson.OPT_INDENT_2) + b"\n")
    return 0


def _healthcheck(args: argparse.Namespace, settings: Settings) -> int:
    healthy, answer = probe(args.url or health_url(settings), args.timeout)
    print(answer)
    return 0 if healthy else 1


def _healthcheck_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--url", help="default: http://127.0.0.1:$PORT/healthz")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, help="seconds")


# serve opens the database the settings name, and upgrades it, in create_app.
SERVE = Command(
    "serve", "serve the dashboard and the API on HOST:PORT", _serve, database=DatabaseUse.NONE
)
OPENAPI = Command(
    "openapi",
    "print the OpenAPI document the service serves at /api/openapi.json",
    _openapi,
    database=DatabaseUse.NONE,
)
HEALTHCHECK = Command(
    "healthcheck",
    "exit 0 if the service's /healthz is 200",
    _healthcheck,
    database=DatabaseUse.NONE,
    arguments=_healthcheck_arguments,
)
