"""Reading connections and history entries out of responses (README: Conventions)."""

from __future__ import annotations

from typing import Any

HISTORY_NODE = "action actor occurredAt changes { field before after }"
HISTORY = f"history {{ edges {{ node {{ {HISTORY_NODE} }} }} }}"


def nodes(connection: dict[str, Any]) -> list[Any]:
    """The nodes of a connection's page, in order."""
    return [edge["node"] for edge in connection["edges"]]


def history(owner: dict[str, Any]) -> list[dict[str, Any]]:
    """An object's history entries (its `history` connection's nodes)."""
    return nodes(owner["history"])


def changes(entry: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A history entry's changes as {field: {before, after}}."""
    return {c["field"]: {"before": c["before"], "after": c["after"]} for c in entry["changes"]}


def actions(owner: dict[str, Any]) -> list[str]:
    """The actions of an object's history, oldest first."""
    return [entry["action"] for entry in history(owner)]
