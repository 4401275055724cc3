"""An appointment type's time pattern: what each stretch of the visit needs, provider time,
assistant time or open time (the chair is used but nobody is needed), in 5-minute units.

Clients give and read runs (`Segment`: a kind and its minutes); the database keeps one kind
per unit, which lets a check constraint hold the pattern to the type's duration. A pattern is
empty (none set) or fills the duration exactly.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby

UNIT_MINUTES = 5  # the database checks cardinality * 5 = duration_minutes


class TimeUnitKind(enum.StrEnum):
    """Who a stretch of a visit needs."""

    PROVIDER = "PROVIDER"
    ASSISTANT = "ASSISTANT"
    OPEN = "OPEN"


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of the pattern: `minutes` (a multiple of 5) of one kind."""

    kind: TimeUnitKind
    minutes: int


def pattern_problem(segments: Sequence[Segment], duration_minutes: int) -> str | None:
    """Why these runs are not a pattern for a visit of this length (None: they are)."""
    if not segments:
        return None
    for segment in segments:
        if segment.minutes <= 0 or segment.minutes % UNIT_MINUTES:
            return f"Each part of timePattern lasts a positive multiple of {UNIT_MINUTES} minutes"
    total = sum(segment.minutes for segment in segments)
    if total != duration_minutes:
        return (
            f"timePattern lasts {total} minutes; it must fill the duration "
            f"({duration_minutes} minutes)"
        )
    return None


def units_of(segments: Iterable[Segment]) -> list[str]:
    """The stored form: one kind per 5-minute unit, in order."""
    return [
        segment.kind.value for segment in segments for _ in range(segment.minutes // UNIT_MINUTES)
    ]


def segments_of(units: Iterable[str]) -> list[Segment]:
    """The runs of a stored pattern (neighbouring units of one kind joined)."""
    return [
        Segment(TimeUnitKind(kind), sum(UNIT_MINUTES for _ in run)) for kind, run in groupby(units)
    ]


def effective_pattern(units: Sequence[str], duration_minutes: int) -> list[Segment]:
    """The pattern in effect: the type's own, or (none set) provider time throughout."""
    if units:
        return segments_of(units)
    return [Segment(TimeUnitKind.PROVIDER, duration_minutes)]


def pattern_after_change(
    units: Sequence[str],
    new_segments: Sequence[Segment] | None,
    duration_minutes: int,
) -> str | None:
    """Why a type's pattern would not fit after a change (None: it fits). `new_segments`
    None keeps the stored `units`; `duration_minutes` is the duration after the change."""
    if new_segments is not None:
        return pattern_problem(new_segments, duration_minutes)
    if units and len(units) * UNIT_MINUTES != duration_minutes:
        return (
            "The type's timePattern no longer fills the new duration: give a timePattern "
            "that does (or [] to remove it)"
        )
    return None
