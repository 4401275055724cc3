"""Blockouts: reads, the staff-only mutations and their idempotent runner."""
