"""Production rules: which statuses count as scheduled, completed or lost, and attainment."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

from scheduling.appointment_status import AppointmentStatus as S

# Production still expected: booked and not yet seen (a live hold is not a booking yet).
SCHEDULED_PRODUCTION: frozenset[S] = frozenset({S.PLANNED, S.SCHEDULED})
# Production earned: the visit happened.
COMPLETED_PRODUCTION: frozenset[S] = frozenset({S.COMPLETE})
# Production that fell through: no-shows and cancellations.
LOST_PRODUCTION: frozenset[S] = frozenset({S.BROKEN, S.CANCELLED})

CENT = Decimal("0.01")
MAX_GOAL = Decimal("1000000")
ATTAINMENT_PLACES = Decimal("0.0001")


def money(value: Decimal | int | None) -> Decimal:
    """An amount with exactly two decimal places (None and 0 become 0.00)."""
    return Decimal(value or 0).quantize(CENT)


def attainment(completed: Decimal, goal: Decimal) -> float | None:
    """Completed production as a fraction of the goal (0.75 is 75 %); None without a goal."""
    if goal <= 0:
        return None
    return float((completed / goal).quantize(ATTAINMENT_PLACES, rounding=ROUND_HALF_EVEN))


def goal_amount_problem(amount: Decimal) -> str | None:
    """Why an amount cannot be a goal, or None when it can."""
    if not amount.is_finite() or not 0 <= amount <= MAX_GOAL:
        return "goalAmount must be between 0 and 1000000"
    if amount != amount.quantize(CENT):
        return "goalAmount may have at most 2 decimal places"
    return None
