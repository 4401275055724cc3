"""Appointment type overlap rules: which pairs of types may overlap in the schedule."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from scheduling.conflicts import MayOverlap


def ordered_pair(type_a: uuid.UUID, type_b: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID]:
    """The pair in its stored order (a <= b), so (a, b) and (b, a) are one rule."""
    return (type_a, type_b) if type_a <= type_b else (type_b, type_a)


def pair_rule(pairs: Iterable[tuple[uuid.UUID, uuid.UUID]]) -> MayOverlap:
    """A `may_overlap` predicate allowing exactly the given pairs, in either order."""
    allowed = {ordered_pair(a, b) for a, b in pairs}
    return lambda type_a, type_b: ordered_pair(type_a, type_b) in allowed
