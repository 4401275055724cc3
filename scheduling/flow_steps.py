"""How long a visit spent in each patient flow step, from its flow events."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class FlowEntry:
    """A visit entering a flow status; a terminal one (e.g. checked out) ends the flow."""

    status_id: uuid.UUID
    occurred_at: datetime
    terminal: bool = False


@dataclass(frozen=True, slots=True)
class FlowStretch:
    """One stay in a flow step: until the next event, or (left_at None) still going on."""

    status_id: uuid.UUID
    entered_at: datetime
    left_at: datetime | None
    seconds: int

    @property
    def open(self) -> bool:
        """Whether the visit is still in this step."""
        return self.left_at is None


def stretches(entries: Sequence[FlowEntry], now: datetime) -> list[FlowStretch]:
    """Each entry lasts until the next (in time order); the last one, the step the visit is
    still in, is measured to `now`, unless it is terminal: the flow ended there, it has no
    length (left when entered)."""
    ordered = sorted(entries, key=lambda entry: entry.occurred_at)
    found: list[FlowStretch] = []
    for index, entry in enumerate(ordered):
        following = ordered[index + 1] if index + 1 < len(ordered) else None
        left_at = following.occurred_at if following is not None else None
        if left_at is None and entry.terminal:
            left_at = entry.occurred_at
        end = left_at if left_at is not None else now
        seconds = max(0, int((end - entry.occurred_at).total_seconds()))
        found.append(FlowStretch(entry.status_id, entry.occurred_at, left_at, seconds))
    return found


def totals(found: Sequence[FlowStretch], *, include_open: bool) -> list[tuple[uuid.UUID, int]]:
    """Seconds per step, summed over its stays, in the order the steps were first entered;
    without include_open the stay still going on counts nothing."""
    seconds: dict[uuid.UUID, int] = {}
    for stretch in found:
        counted = stretch.seconds if include_open or not stretch.open else 0
        seconds[stretch.status_id] = seconds.get(stretch.status_id, 0) + counted
    return list(seconds.items())
