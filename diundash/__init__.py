"""diundash: an event-sourced dashboard for DIUN webhooks."""
