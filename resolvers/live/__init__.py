"""Live subscriptions: one listener per process, a hub of subscribers, the events they send."""
