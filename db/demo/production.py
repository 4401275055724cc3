"""Demo production goals: every main provider, every weekday of the demo calendar."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from db.demo.catalog import PROVIDERS, Row
from db.demo.ids import DEMO_ORG_ID, FIRST_DAY, MAIN_LOCATION_ID, WEEKS, demo_id

# A day's target per role; a provider's number nudges it so the totals are not all alike.
DAILY_GOAL = {
    "dentist": Decimal("2400.00"),
    "hygienist": Decimal("1100.00"),
    "assistant": Decimal("150.00"),
}
STEP = Decimal("50.00")


def production_goal_rows() -> list[Row]:
    """One goal per main provider per Monday-Friday from FIRST_DAY for WEEKS weeks."""
    days = [FIRST_DAY + timedelta(days=n) for n in range(7 * WEEKS)]
    return [
        {
            "organization_id": DEMO_ORG_ID,
            "id": demo_id("production-goal", f"{spec.n}-{day.isoformat()}"),
            "provider_id": demo_id("provider", spec.n),
            "location_id": MAIN_LOCATION_ID,
            "goal_date": day,
            "goal_amount": DAILY_GOAL[spec.role] + STEP * (spec.n % 3),
        }
        for day in days
        if day.weekday() < 5
        for spec in PROVIDERS
        if spec.location_id == MAIN_LOCATION_ID
    ]
