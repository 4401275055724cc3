"""Rules behind seed 002's gaps: a type's time pattern, overlap rules that allow or forbid,
a provider's time within a visit, appointment estimates and display order."""

from __future__ import annotations

import uuid
from decimal import Decimal

from scheduling.appointment_record import (
    display_order_problem,
    estimate_problem,
    provider_range_problem,
)
from scheduling.overlap_rules import OverlapRule, allowed_pairs, ordered_pair, pair_rule
from scheduling.time_pattern import (
    Segment,
    TimeUnitKind,
    effective_pattern,
    pattern_after_change,
    pattern_problem,
    segments_of,
    units_of,
)

PROVIDER, ASSISTANT, OPEN = TimeUnitKind.PROVIDER, TimeUnitKind.ASSISTANT, TimeUnitKind.OPEN
EXAM, HYGIENE, CROWN = (uuid.UUID(int=n) for n in (1, 2, 3))
HERE, THERE = uuid.UUID(int=10), uuid.UUID(int=11)


def test_a_pattern_is_stored_as_five_minute_units_and_read_back_as_runs() -> None:
    runs = [Segment(ASSISTANT, 10), Segment(PROVIDER, 20), Segment(OPEN, 5), Segment(PROVIDER, 5)]
    units = units_of(runs)
    assert units == ["ASSISTANT"] * 2 + ["PROVIDER"] * 4 + ["OPEN", "PROVIDER"]
    assert segments_of(units) == runs
    # neighbouring runs of one kind read back as one
    assert segments_of(units_of([Segment(OPEN, 5), Segment(OPEN, 10)])) == [Segment(OPEN, 15)]


def test_a_pattern_fills_the_duration_in_multiples_of_five() -> None:
    assert pattern_problem([Segment(PROVIDER, 30), Segment(ASSISTANT, 15)], 45) is None
    assert pattern_problem([], 47) is None  # none set
    assert pattern_problem([Segment(PROVIDER, 30)], 45) == (
        "timePattern lasts 30 minutes; it must fill the duration (45 minutes)"
    )
    for bad in (7, 0, -5):
        assert pattern_problem([Segment(PROVIDER, bad)], 45) == (
            "Each part of timePattern lasts a positive multiple of 5 minutes"
        )


def test_without_a_pattern_the_provider_takes_the_whole_visit() -> None:
    assert effective_pattern([], 50) == [Segment(PROVIDER, 50)]
    assert effective_pattern(["OPEN", "PROVIDER"], 10) == [Segment(OPEN, 5), Segment(PROVIDER, 5)]


def test_a_new_duration_must_come_with_a_pattern_that_fills_it() -> None:
    stored = ["PROVIDER"] * 6  # 30 minutes
    assert pattern_after_change(stored, None, 30) is None
    assert pattern_after_change(stored, None, 45) == (
        "The type's timePattern no longer fills the new duration: give a timePattern "
        "that does (or [] to remove it)"
    )
    assert pattern_after_change(stored, [Segment(PROVIDER, 45)], 45) is None
    assert pattern_after_change(stored, [], 45) is None  # removed
    assert pattern_after_change([], None, 47) is None


def rule(a: uuid.UUID, b: uuid.UUID, where: uuid.UUID | None, allow: bool = True) -> OverlapRule:
    return OverlapRule(a, b, where, allow)


def test_a_location_rule_outweighs_the_org_wide_one_either_way() -> None:
    org_allows = rule(EXAM, HYGIENE, None)
    here_forbids = rule(HYGIENE, EXAM, HERE, allow=False)
    # whichever order the rows come in
    assert allowed_pairs([org_allows, here_forbids]) == set()
    assert allowed_pairs([here_forbids, org_allows]) == set()
    # without the location's rule the org-wide one stands
    assert allowed_pairs([org_allows]) == {ordered_pair(EXAM, HYGIENE)}
    # a location may allow what the organization forbids
    org_forbids = rule(EXAM, CROWN, None, allow=False)
    here_allows = rule(CROWN, EXAM, HERE)
    assert allowed_pairs([here_allows, org_forbids]) == {ordered_pair(EXAM, CROWN)}
    assert allowed_pairs([org_forbids]) == set()


def test_the_allowed_pairs_drive_the_conflict_predicate() -> None:
    may = pair_rule(
        allowed_pairs([rule(EXAM, HYGIENE, None), rule(EXAM, CROWN, HERE, allow=False)])
    )
    assert may(HYGIENE, EXAM)
    assert not may(EXAM, CROWN)
    assert not may(EXAM, EXAM)


def test_a_provider_time_lies_inside_the_visit() -> None:
    assert provider_range_problem(None, None, 60) is None
    assert provider_range_problem(0, 60, 60) is None
    assert provider_range_problem(15, 30, 60) is None
    assert provider_range_problem(15, None, 60) == (
        "Give both startOffsetMinutes and endOffsetMinutes, or neither"
    )
    inside = (
        "A provider's time must lie within the visit: 0 <= startOffsetMinutes < "
        "endOffsetMinutes <= 60"
    )
    for start, end in ((30, 30), (40, 30), (-5, 10), (30, 61)):
        assert provider_range_problem(start, end, 60) == inside


def test_estimates_are_money_and_display_orders_are_small() -> None:
    assert estimate_problem(Decimal("120.50"), "estimatedInsurance") is None
    assert estimate_problem(Decimal("0"), "estimatedInsurance") is None
    assert estimate_problem(Decimal("-1"), "estimatedPatientPortion") == (
        "estimatedPatientPortion must be between 0 and 1000000"
    )
    assert estimate_problem(Decimal("NaN"), "estimatedInsurance") == (
        "estimatedInsurance must be between 0 and 1000000"
    )
    assert estimate_problem(Decimal("1.005"), "estimatedInsurance") == (
        "estimatedInsurance may have at most 2 decimal places"
    )
    assert display_order_problem(0) is None
    assert display_order_problem(1000) is None
    assert display_order_problem(1001) == "displayOrder must be between 0 and 1000"
    assert display_order_problem(-1) == "displayOrder must be between 0 and 1000"
