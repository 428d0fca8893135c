"""Serving the app with waitress: its start and graceful stop (``run``), its
connections (``channel``) and how many it may hold (``connection_limits``)."""
