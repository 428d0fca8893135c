"""Optional sign-in: password hashes, session cookies, API tokens."""
