"""Managed lists: confirmation and flow statuses, cancellation and no-show reasons."""
