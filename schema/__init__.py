"""Strawberry types, inputs, enums and the assembled schema."""
