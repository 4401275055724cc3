"""Slot search start by start, built from booking's own rules: the reference the fast
SlotFinder (scheduling/slots.py) is checked against (no database).

A start is bookable when a working period covers it in the operatory
(scheduling.schedules.covering_period, which booking's schedule guard calls) and neither the
provider nor the operatory is busy then (scheduling.conflicts.overlaps, the half-open overlap
rule of every conflict check).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

from scheduling.conflicts import overlaps
from scheduling.free_starts import Busy, BusyMicros
from scheduling.schedules import covering_period, period_allows
from scheduling.slots import Interval, OperatoryAvailability, ProviderAvailability, WorkingPeriod


def is_free(busy: Busy | Iterable[Interval], start: datetime, end: datetime) -> bool:
    """No busy interval overlaps [start, end) (half-open: touching is free)."""
    return not any(overlaps(start, end, b_start, b_end) for b_start, b_end in intervals(busy))


def intervals(busy: Busy | Iterable[Interval]) -> Iterable[Interval]:
    """Busy time as datetime intervals (microseconds since the epoch turned back)."""
    if not isinstance(busy, BusyMicros):
        return busy
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    return [
        (epoch + timedelta(microseconds=start), epoch + timedelta(microseconds=end))
        for start, end in zip(busy.starts, busy.ends, strict=True)
    ]


def bookable(
    provider: ProviderAvailability,
    operatory: OperatoryAvailability,
    start: datetime,
    end: datetime,
) -> bool:
    """Whether booking's rules let this provider and operatory take [start, end)."""
    period = covering_period(provider.periods, start, end, operatory.operatory_id)
    return (
        period is not None
        and is_free(provider.busy, start, end)
        and is_free(operatory.busy, start, end)
    )


def free_operatory(
    operatories: Sequence[OperatoryAvailability],
    period: WorkingPeriod,
    start: datetime,
    end: datetime,
) -> uuid.UUID | None:
    """The first operatory (in the given order) the period allows that is free then."""
    for operatory in operatories:
        if period_allows(period.operatory_id, operatory.operatory_id) and is_free(
            operatory.busy, start, end
        ):
            return operatory.operatory_id
    return None
