"""Demo production goals: every main provider, every weekday of the laid-out demo weeks."""

from __future__ import annotations

from decimal import Decimal

from db.demo.calendar import DemoCalendar
from db.demo.catalog import PROVIDERS, Row
from db.demo.ids import DEMO_ORG_ID, MAIN_LOCATION_ID, demo_id

# A day's target per role; a provider's number nudges it so the totals are not all alike.
DAILY_GOAL = {
    "dentist": Decimal("2400.00"),
    "hygienist": Decimal("1100.00"),
    "assistant": Decimal("150.00"),
}
STEP = Decimal("50.00")


def production_goal_rows(calendar: DemoCalendar) -> list[Row]:
    """One goal per main provider per Monday-Friday of the laid-out weeks (open week too)."""
    first = (calendar.first_day - calendar.anchor).days
    offsets = range(first, first + (calendar.last_day - calendar.first_day).days)
    # Ids name the offset from the anchor, not the date: the same ids for every anchor.
    return [
        {
            "organization_id": DEMO_ORG_ID,
            "id": demo_id("production-goal", f"{spec.n}-{offset}"),
            "provider_id": demo_id("provider", spec.n),
            "location_id": MAIN_LOCATION_ID,
            "goal_date": calendar.day(offset),
            "goal_amount": DAILY_GOAL[spec.role] + STEP * (spec.n % 3),
        }
        for offset in offsets
        if calendar.day(offset).weekday() < 5
        for spec in PROVIDERS
        if spec.location_id == MAIN_LOCATION_ID
    ]
