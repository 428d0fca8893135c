"""The heartbeat: is each host's DIUN still checking? DIUN (4.32 and later,
with ``metrics.enabled``) serves Prometheus metrics, among them the time of
its last watch run. The heartbeat job reads them every HEARTBEAT_EVERY
(``job.py``), keeps what it read outside the log (``readings.py``), and
records only changes of state as events: ``HostSilent`` when the last check
is older than SILENT_AFTER or the metrics could not be read for that long,
``HostBack`` when it runs again."""
