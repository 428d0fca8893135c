"""The composition root: the only place that wires the parts together."""

import logging
from dataclasses import dataclass
from typing import Any

import falcon
import falcon.media
import orjson
from peewee import Database, DatabaseError

from diundash.api.assignments import AssignmentsResource
from diundash.api.deployments import DeploymentsResource, UpdateRequestsResource
from diundash.api.error_mapping import StorageFailed, command_rejected, invalid_input
from diundash.api.events import EventsResource
from diundash.api.feeds import atom_feed, json_feed
from diundash.api.fleet_metrics import FleetCollector
from diundash.api.frontend import add_frontend
from diundash.api.health import HealthResource
from diundash.api.hosts import HostResource, HostsResource
from diundash.api.insights import InsightsResource
from diundash.api.links import PageLinks
from diundash.api.metrics import Metrics, MetricsResource
from diundash.api.middleware.access_log import AccessLogMiddleware
from diundash.api.middleware.authentication import Authentication
from diundash.api.middleware.body_limit import BodyLimitMiddleware
from diundash.api.middleware.cross_site import CrossSiteProtection
from diundash.api.middleware.host_check import HostCheck
from diundash.api.middleware.metrics import MetricsMiddleware
from diundash.api.middleware.reconnect import ReconnectMiddleware
from diundash.api.middleware.request_id import RequestIdMiddleware
from diundash.api.middleware.routing import RequestTarget
from diundash.api.middleware.security_headers import SecurityHeaders
from diundash.api.middleware.write_health import WriteHealthMiddleware
from diundash.api.notifications import NotificationsResource
from diundash.api.openapi import OpenApiResource
from diundash.api.session import SessionResource
from diundash.api.summary import SummaryResource
from diundash.api.tags import TagResource, TagsResource
from diundash.api.updates import DismissalsResource, UpdateResource, UpdatesResource
from diundash.api.webhook import WebhookResource
from diundash.api.webhook_secret import WebhookSecret
from diundash.api.write_health import WriteHealth
from diundash.api.wud import AppResource, ContainersResource
from diundash.auth.sessions import Sessions, ensure_session_key
from diundash.auth.throttle import SignInThrottle, WebhookThrottle
from diundash.clock import Clock, utc_now
from diundash.commands import Commands
from diundash.config import Settings
from diundash.errors import CommandRejected
from diundash.events.integrity import ensure_chain
from diundash.heartbeat.job import HeartbeatJob
from diundash.heartbeat.readings import HeartbeatReadings
from diundash.input_rules import InvalidInput
from diundash.jobs import JobRunner
from diundash.notify.notifier import Notifier
from diundash.notify.records import NotificationRecords
from diundash.projections.queries import Queries
from diundash.projections.read_state import ReadStateCache
from diundash.projections.rebuild import upgrade_read_model
from diundash.storage import open_database
from diundash.update_hooks import HookCaller

log = logging.getLogger("diundash")


@dataclass(frozen=True)
class Service:
    """What ``serve`` runs: the WSGI app, and the jobs beside it."""

    app: falcon.App[Any, Any]
    jobs: JobRunner
    notifier: Notifier | None = None


def create_app(
    settings: Settings, clock: Clock = utc_now, db: Database | None = None
) -> falcon.App[Any, Any]:
    """Build the WSGI app on ``db``, or on the database ``settings`` name."""
    return create_service(settings, clock, db).app


def create_service(
    settings: Settings, clock: Clock = utc_now, db: Database | None = None
) -> Service:
    """Build the app and its background jobs on ``db``, or on the database
    ``settings`` name; the jobs are not started (``serve`` starts them)."""
    opened_here = db is None
    if db is None:
        db = open_database(settings.database, settings.synchronous, settings.database_schema)
        replayed = upgrade_read_model(db)
        if replayed is not None:
            log.info("read tables rebuilt for this version: %d events replayed", replayed.events)
    # Watching for other writers' commits holds a connection (PostgreSQL) or
    # a mapping of the WAL index (SQLite) for as long as the process lives:
    # for the database this app opened and serves, not for one handed in.
    state = ReadStateCache(db, watch=opened_here, clock=clock)
    runner = JobRunner(clock=clock)  # each concern's jobs added below

    def committed() -> None:  # after each commit of this process's
        state.moved()
        runner.wake()

    commands, queries = Commands(db, clock, committed), Queries(db, state, clock)
    notifier = None
    if settings.notify.urls:
        from diundash.notify.channels import load_channels  # Apprise: only when asked for

        channels = load_channels(settings.notify.urls)
        notifier = Notifier(db, settings, channels, commands, clock, state)
        runner.add(notifier)
    write_health = WriteHealth()
    metrics = Metrics(queries.positions, FleetCollector(queries))
    ensure_session_key(db, clock())
    ensure_chain(db)
    # Sign-in state outside the log (sessions and their key, failure counts)
    # is written directly by its own stores: resources get those, never ``db``.
    sessions, sign_in_throttle = Sessions(db, settings), SignInThrottle(db)

    # The access log goes first: it starts timing before the rest and logs after it.
    # Then the path every later step decides on, and the name the request was
    # sent to, before anything else looks at the request.
    middleware: list[Any] = [
        MetricsMiddleware(metrics),
        RequestIdMiddleware(),
        RequestTarget(),
        HostCheck(settings),
        ReconnectMiddleware(db),
        BodyLimitMiddleware(),
        WriteHealthMiddleware(write_health),
    ]
    if settings.access_log:
        middleware.insert(0, AccessLogMiddleware())
    middleware += [
        SecurityHeaders(),
        CrossSiteProtection(settings.trusted_proxies, settings.public_url),
        Authentication(settings, queries, sessions),
    ]
    if settings.heartbeat.sources:
        heartbeat = HeartbeatJob(settings.heartbeat, commands, HeartbeatReadings(db))
        runner.add(heartbeat)

    app = falcon.App(middleware=middleware)
    json_handler = falcon.media.JSONHandler(dumps=orjson.dumps, loads=orjson.loads)
    app.req_options.media_handlers[falcon.MEDIA_JSON] = json_handler
    app.resp_options.media_handlers[falcon.MEDIA_JSON] = json_handler
    app.add_error_handler(CommandRejected, command_rejected)
    app.add_error_handler(InvalidInput, invalid_input)
    app.add_error_handler(DatabaseError, StorageFailed(write_health, metrics))

    webhook_secret = WebhookSecret(
        settings.webhook_secret, WebhookThrottle(db), settings.trusted_proxies
    )
    app.add_route("/webhook", WebhookResource(commands, webhook_secret))
    app.add_route("/api/updates", UpdatesResource(queries))
    app.add_route("/api/updates/{image:path}", UpdateResource(commands))
    app.add_route("/api/dismissals", DismissalsResource(commands))
    hooks, watched = settings.hooks, settings.heartbeat.sources
    app.add_route(
        "/api/hosts", HostsResource(queries, clock, settings.stale_after, watched, hooks.hooks)
    )
    hosts = HostResource(commands)
    app.add_route("/api/hosts/{hostname}", hosts)
    app.add_route("/api/hosts/{hostname}/rename", hosts, suffix="rename")
    app.add_route("/api/deployments", DeploymentsResource(commands))
    caller = HookCaller(hooks.timeout.total_seconds())
    app.add_route("/api/update-requests", UpdateRequestsResource(commands, queries, hooks, caller))
    app.add_route("/api/events", EventsResource(queries))
    app.add_route("/api/tags", TagsResource(commands, queries))
    app.add_route("/api/tags/{tag_id}", TagResource(commands))
    app.add_route("/api/tag-assignments", AssignmentsResource(commands))
    notifications = NotificationsResource(settings.notify, NotificationRecords(db, clock), notifier)
    app.add_route("/api/notifications", notifications)
    app.add_route("/api/notifications/test", notifications, suffix="test")
    app.add_route("/api/openapi.json", OpenApiResource())
    app.add_route("/api/session", SessionResource(settings, sessions, sign_in_throttle))
    app.add_route("/healthz", HealthResource(queries, write_health))
    app.add_route("/metrics", MetricsResource(metrics))
    add_widget_routes(app, settings, queries, clock)
    add_frontend(app, settings.frontend_dist)
    return Service(app, runner, notifier)


def add_widget_routes(
    app: falcon.App[Any, Any], settings: Settings, queries: Queries, clock: Clock
) -> None:
    """Where people already look: start pages, WUD's widgets, feed readers."""
    links = PageLinks(settings.public_url, settings.trusted_proxies)
    app.add_route("/api/summary", SummaryResource(queries, clock, settings.stale_after, links))
    app.add_route("/api/containers", ContainersResource(queries, links))
    app.add_route("/api/app", AppResource())
    app.add_route("/api/insights", InsightsResource(queries, clock))
    app.add_route("/feed.atom", atom_feed(queries, clock, links))
    app.add_route("/feed.json", json_feed(queries, clock, links))
