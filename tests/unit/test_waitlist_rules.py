"""Waitlist status rules: the transition table, read-time expiry, days waiting."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import pytest

from scheduling.waitlist import (
    ACTIVE,
    TRANSITIONS,
    WaitlistResponse,
    WaitlistStatus,
    accepts_location,
    can_transition,
    days_waiting,
    effective_status,
    response_target,
    scope_problem,
)

S = WaitlistStatus


@dataclass
class Entry:
    status: str
    date_to: date | None


def test_the_happy_path_is_waiting_contacted_offered_scheduled():
    assert can_transition(S.WAITING, S.CONTACTED)
    assert can_transition(S.CONTACTED, S.OFFERED)
    assert can_transition(S.OFFERED, S.SCHEDULED)


@pytest.mark.parametrize("current", sorted(ACTIVE))
def test_any_active_entry_may_be_removed_or_expire(current):
    assert can_transition(current, S.REMOVED)
    assert can_transition(current, S.EXPIRED)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (S.WAITING, S.OFFERED),
        (S.WAITING, S.SCHEDULED),
        (S.CONTACTED, S.SCHEDULED),
        (S.SCHEDULED, S.WAITING),
        (S.REMOVED, S.WAITING),
        (S.EXPIRED, S.CONTACTED),
        (S.SCHEDULED, S.REMOVED),
    ],
)
def test_illegal_transitions(current, target):
    assert not can_transition(current, target)


def test_terminal_states_go_nowhere():
    assert [s for s, targets in TRANSITIONS.items() if not targets] == [
        S.SCHEDULED, S.REMOVED, S.EXPIRED
    ]  # fmt: skip


@pytest.mark.parametrize(
    "response",
    [WaitlistResponse.DECLINED, WaitlistResponse.EXPIRED, WaitlistResponse.NO_ANSWER,
     WaitlistResponse.SLOT_TAKEN],
)  # fmt: skip
def test_other_responses_return_offered_or_contacted_to_waiting(response):
    assert response_target(S.OFFERED, response) is S.WAITING
    assert response_target(S.CONTACTED, response) is S.WAITING
    assert response_target(S.WAITING, response) is None


def test_only_an_offered_entry_can_accept():
    assert response_target(S.OFFERED, WaitlistResponse.ACCEPTED) is S.SCHEDULED
    assert response_target(S.CONTACTED, WaitlistResponse.ACCEPTED) is None


def test_an_active_entry_past_its_range_reads_as_expired():
    today = date(2030, 1, 10)
    assert effective_status(Entry("waiting", date(2030, 1, 9)), today) is S.EXPIRED
    assert effective_status(Entry("offered", date(2030, 1, 9)), today) is S.EXPIRED
    assert effective_status(Entry("waiting", date(2030, 1, 10)), today) is S.WAITING
    assert effective_status(Entry("waiting", None), today) is S.WAITING
    assert effective_status(Entry("scheduled", date(2030, 1, 1)), today) is S.SCHEDULED
    assert effective_status(Entry("removed", date(2030, 1, 1)), today) is S.REMOVED


def test_days_waiting():
    assert days_waiting(date(2030, 1, 1), date(2030, 1, 1)) == 0
    assert days_waiting(date(2030, 1, 1), date(2030, 1, 31)) == 30
    assert days_waiting(date(2030, 1, 2), date(2030, 1, 1)) == 0


HOME, NORTH, SOUTH = (uuid.UUID(int=n) for n in (1, 2, 3))


@pytest.mark.parametrize(
    ("scope", "location", "expected"),
    [
        ("home_only", HOME, True),
        ("home_only", NORTH, False),
        ("selected", NORTH, True),
        ("selected", SOUTH, False),
        ("selected", HOME, True),
        ("any", SOUTH, True),
    ],
)
def test_accepts_location(scope: str, location: uuid.UUID, expected: bool) -> None:
    accepted = accepts_location(
        scope=scope, home_location_id=HOME, additional_location_ids=[NORTH], location_id=location
    )
    assert accepted is expected


@pytest.mark.parametrize(
    ("scope", "additional", "expected"),
    [
        ("selected", [NORTH], None),
        ("selected", [], "A SELECTED scope needs additionalLocationIds"),
        ("home_only", [], None),
        ("any", [], None),
        ("home_only", [NORTH], "additionalLocationIds only apply to a SELECTED scope"),
        ("any", [SOUTH], "additionalLocationIds only apply to a SELECTED scope"),
    ],
)
def test_scope_problem(scope: str, additional: list[uuid.UUID], expected: str | None) -> None:
    assert scope_problem(scope, additional) == expected
