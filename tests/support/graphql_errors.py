"""Reading GraphQL errors in tests."""

from __future__ import annotations

from typing import Any


def codes(result: Any) -> list[str | None]:
    """The `extensions.code` of every error of an execution result."""
    return [(error.extensions or {}).get("code") for error in result.errors or []]


def refused(result: Any) -> bool:
    """Top-level errors, or a payload whose userErrors are not empty."""
    if result.errors:
        return True
    payload = next(iter((result.data or {}).values()), None)
    return isinstance(payload, dict) and bool(payload.get("userErrors"))
