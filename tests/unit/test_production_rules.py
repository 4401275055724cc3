"""Production rules (buckets, money, attainment, goal limits), without a database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scheduling.appointment_status import AppointmentStatus as S
from scheduling.production import (
    COMPLETED_PRODUCTION,
    LOST_PRODUCTION,
    SCHEDULED_PRODUCTION,
    attainment,
    goal_amount_problem,
    money,
)


def test_each_status_counts_in_at_most_one_bucket() -> None:
    assert {S.PLANNED, S.SCHEDULED} == SCHEDULED_PRODUCTION
    assert {S.COMPLETE} == COMPLETED_PRODUCTION
    assert {S.BROKEN, S.CANCELLED} == LOST_PRODUCTION
    buckets = [SCHEDULED_PRODUCTION, COMPLETED_PRODUCTION, LOST_PRODUCTION]
    assert all(sum(status in bucket for bucket in buckets) <= 1 for status in S)
    # holds, off-grid and expired appointments are nobody's production
    for status in (S.HOLD, S.EXPIRED, S.PINBOARD, S.UNSCHEDULED):
        assert not any(status in bucket for bucket in buckets)


def test_money_has_two_places() -> None:
    assert str(money(None)) == "0.00"
    assert str(money(0)) == "0.00"
    assert str(money(12)) == "12.00"
    assert str(money(Decimal("12.5"))) == "12.50"


def test_attainment_is_completed_over_goal_to_four_places() -> None:
    assert attainment(Decimal("75"), Decimal("100")) == 0.75
    assert attainment(Decimal("0"), Decimal("100")) == 0.0
    assert attainment(Decimal("150"), Decimal("100")) == 1.5
    assert attainment(Decimal("1"), Decimal("3")) == 0.3333
    assert attainment(Decimal("2"), Decimal("3")) == 0.6667
    assert attainment(Decimal("0.00005"), Decimal("1")) == 0.0  # half to even: 0.0000
    assert attainment(Decimal("0.00015"), Decimal("1")) == 0.0002  # half to even: 0.0002


def test_no_goal_no_attainment() -> None:
    assert attainment(Decimal("50"), Decimal("0")) is None
    assert attainment(Decimal("50"), Decimal("-1")) is None


@pytest.mark.parametrize(
    ("amount", "problem"),
    [
        ("0", None),
        ("1000000", None),
        ("99.99", None),
        ("-0.01", "between"),
        ("1000000.01", "between"),
        ("NaN", "between"),
        ("Infinity", "between"),
        ("1.005", "2 decimal places"),
    ],
)
def test_goal_amount_limits(amount: str, problem: str | None) -> None:
    found = goal_amount_problem(Decimal(amount))
    assert found is None if problem is None else problem in (found or "")
