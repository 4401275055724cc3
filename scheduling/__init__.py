"""Scheduling rules: pure functions and dataclasses, no GraphQL and no database."""
