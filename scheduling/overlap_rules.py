"""Appointment type overlap rules: which pairs of types may overlap in the schedule.

A rule names a pair of types, a location or none (org-wide), and whether the pair may
overlap. At a location, its own rule for a pair outweighs the org-wide one, so a location
can forbid what the organization allows (or allow what it forbids); a pair without a rule
does not overlap.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from scheduling.conflicts import MayOverlap

Pair = tuple[uuid.UUID, uuid.UUID]


@dataclass(frozen=True, slots=True)
class OverlapRule:
    """One rule as stored: the pair (any order), where (None: everywhere), and its verdict."""

    type_a: uuid.UUID
    type_b: uuid.UUID
    location_id: uuid.UUID | None
    allow_overlap: bool


def ordered_pair(type_a: uuid.UUID, type_b: uuid.UUID) -> Pair:
    """The pair in its stored order (a <= b), so (a, b) and (b, a) are one rule."""
    return (type_a, type_b) if type_a <= type_b else (type_b, type_a)


def allowed_pairs(rules: Iterable[OverlapRule]) -> set[Pair]:
    """The pairs the rules in effect at one location let overlap: for each pair its rule at
    the location if it has one, else the org-wide one. `rules` are those of that location
    and the org-wide ones (rules of other locations must not be passed)."""
    verdict: dict[Pair, tuple[bool, bool]] = {}  # pair -> (from the location, allowed)
    for rule in rules:
        pair = ordered_pair(rule.type_a, rule.type_b)
        local = rule.location_id is not None
        seen = verdict.get(pair)
        if seen is None or (local and not seen[0]):
            verdict[pair] = (local, rule.allow_overlap)
    return {pair for pair, (_, allowed) in verdict.items() if allowed}


def pair_rule(pairs: Iterable[Pair]) -> MayOverlap:
    """A `may_overlap` predicate allowing exactly the given pairs, in either order."""
    allowed = {ordered_pair(a, b) for a, b in pairs}
    return lambda type_a, type_b: ordered_pair(type_a, type_b) in allowed
