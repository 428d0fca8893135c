"""Event types, upcasting and the append-only store."""
