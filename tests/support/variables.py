"""Nested GraphQL variables: every scalar with its path, and a copy with one of them replaced."""

from __future__ import annotations

from typing import Any


def leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    """Every scalar in nested variables, with its path."""
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in leaves(item, (*path, key))]
    if isinstance(value, list):
        return [leaf for i, item in enumerate(value) for leaf in leaves(item, (*path, i))]
    return [(path, value)]


def put(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    """A copy of nested `value` with the entry at `path` set to `new` (added if it is missing)."""
    if not path:
        return new
    copy = list(value) if isinstance(value, list) else dict(value)
    head, rest = path[0], path[1:]
    copy[head] = put(value[head], rest, new) if rest else new
    return copy
