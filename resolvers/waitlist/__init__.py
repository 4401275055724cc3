"""Waitlist entries: reads, changes, contacts and offers, responses (booking), removal."""
