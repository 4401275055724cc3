"""Cost and shape limits checked before a request executes (README: Limits and cost)."""
