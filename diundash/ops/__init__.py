"""Operator tools the CLI runs: backup, export and import, the legacy import,
the history timeline and the health probe. Nothing in the service imports them."""
