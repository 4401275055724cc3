"""Rows and GraphQL documents shared by the month view and production tests."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Row, func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from db.models import Appointment, ProductionGoal
from db.tables import table_of
from resolvers.viewer import Role, Viewer
from scheduling.appointment_status import AppointmentStatus
from tests.support.factories import Practice, global_id

GOAL_FIELDS = "id goalDate goalAmount provider { id } location { id }"
PAYLOAD = f"productionGoal {{ {GOAL_FIELDS} }} created userErrors {{ field code message }}"
CREATE = f"""mutation ($input: CreateProductionGoalInput!) {{
  createProductionGoal(input: $input) {{ {PAYLOAD} }} }}"""
UPDATE = f"""mutation ($input: UpdateProductionGoalInput!) {{
  updateProductionGoal(input: $input) {{ {PAYLOAD} }} }}"""
UPSERT = f"""mutation ($input: UpsertProductionGoalInput!) {{
  upsertProductionGoal(input: $input) {{ {PAYLOAD} }} }}"""
DELETE = """mutation ($input: DeleteProductionGoalInput!) {
  deleteProductionGoal(input: $input) { deletedId userErrors { field code message } }
}"""


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An aware UTC instant."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def integration(practice: Practice) -> Viewer:
    """An integration-role caller of the practice's organization."""
    return Viewer(organization_id=practice.org.id, role=Role.INTEGRATION, subject="importer")


async def make_priced(
    engine: AsyncEngine,
    practice: Practice,
    start_at: datetime,
    *,
    amount: str = "0",
    status: AppointmentStatus = AppointmentStatus.SCHEDULED,
    provider: Row[Any] | None = None,
    minutes: int = 30,
    hold_expires_at: datetime | None = None,
) -> uuid.UUID:
    """An appointment with a production amount; overlap allowed, so any number may share a slot."""
    ident = uuid.uuid4()
    if status is AppointmentStatus.HOLD and hold_expires_at is None:
        hold_expires_at = datetime.now(UTC) + timedelta(hours=1)
    async with engine.begin() as connection:
        await connection.execute(
            insert(Appointment).values(
                id=ident,
                organization_id=practice.org.id,
                location_id=practice.location.id,
                operatory_id=practice.operatory.id,
                patient_id=practice.patient.id,
                appointment_type_id=practice.appointment_type.id,
                primary_provider_id=(provider or practice.provider).id,
                start_at=start_at,
                end_at=start_at + timedelta(minutes=minutes),
                status=status,
                hold_expires_at=hold_expires_at,
                allow_overlap=True,
                production_amount=Decimal(amount),
            )
        )
    return ident


async def make_goal(
    engine: AsyncEngine,
    practice: Practice,
    goal_date: date,
    amount: str,
    *,
    provider: Row[Any] | None = None,
    location: Row[Any] | None = None,
) -> uuid.UUID:
    """A production goal row (default: the practice's provider and location)."""
    ident = uuid.uuid4()
    async with engine.begin() as connection:
        await connection.execute(
            insert(ProductionGoal).values(
                id=ident,
                organization_id=practice.org.id,
                provider_id=(provider or practice.provider).id,
                location_id=(location or practice.location).id,
                goal_date=goal_date,
                goal_amount=Decimal(amount),
            )
        )
    return ident


async def goal_rows(engine: AsyncEngine) -> list[tuple[Any, ...]]:
    """Every goal as (id, provider, location, date, amount), in a stable order."""
    table = table_of(ProductionGoal)
    async with engine.connect() as connection:
        result = await connection.execute(
            select(
                table.c.id, table.c.provider_id, table.c.location_id, table.c.goal_date,
                table.c.goal_amount,
            ).order_by(table.c.goal_date, table.c.id)
        )  # fmt: skip
        return [tuple(row) for row in result.all()]


async def goal_count(engine: AsyncEngine) -> int:
    """How many goals exist."""
    async with engine.connect() as connection:
        count = await connection.scalar(select(func.count()).select_from(ProductionGoal))
        return int(count or 0)


def goal_input(practice: Practice, **fields: Any) -> dict[str, Any]:
    """A create/upsert input for the practice's provider and location on 2026-11-16."""
    return {
        "input": {
            "providerId": global_id("Provider", practice.provider.id),
            "locationId": global_id("Location", practice.location.id),
            "goalDate": "2026-11-16",
            "goalAmount": "2500.00",
            **fields,
        }
    }


def outcome(result: Any, field: str) -> str:
    """OK, or the code of the single userError."""
    assert result.errors is None, result.errors
    errors = result.data[field]["userErrors"]
    return errors[0]["code"] if errors else "OK"
