"""Thin falcon resources: parse and check the request, call one command or query."""
