"""One file per mutation: its input, payload and field."""
