"""Blockouts: reads and the staff-only mutations."""
