"""Optional sign-in: password hashes, sessions and their cookies, API tokens, and the
throttles that slow guessing of the password and of the webhook secret."""
