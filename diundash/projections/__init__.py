"""The read tables, their projector, read queries, and replay/verify."""
