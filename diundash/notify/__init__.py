"""Notifications: new updates in batches, digests on a schedule and
reminders, sent through Apprise to the channels of ``NOTIFY_URLS``, each
attempt recorded in the log (``NotificationSent``)."""
