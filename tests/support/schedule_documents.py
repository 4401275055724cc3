"""GraphQL documents and helpers shared by the schedule tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from db.models import (
    AppointmentTypeOverlapRule,
    IdempotencyKey,
    ProviderScheduleOverride,
    ProviderScheduleTemplate,
    ScheduleNote,
)
from db.tables import table_of
from resolvers.viewer import Role, Viewer
from tests.support.factories import Practice, global_id

ERRORS = "userErrors { field code message }"
TEMPLATE = """id weekday startTime endTime effectiveFrom effectiveTo note version
              provider { id } location { id } operatory { id }"""
OVERRIDE = """id date isUnavailable startTime endTime reason note version
              provider { id } location { id } operatory { id }"""
NOTE = "id date note version location { id }"
RULE = "id appointmentTypeA { id } appointmentTypeB { id } location { id }"


def mutation(name: str, input_type: str, selection: str) -> str:
    """A mutation document taking `$input`."""
    return f"mutation ($input: {input_type}!) {{ {name}(input: $input) {{ {selection} }} }}"


CREATE_TEMPLATE = mutation(
    "createScheduleTemplate", "CreateScheduleTemplateInput", f"template {{ {TEMPLATE} }} {ERRORS}"
)
UPDATE_TEMPLATE = mutation(
    "updateScheduleTemplate", "UpdateScheduleTemplateInput", f"template {{ {TEMPLATE} }} {ERRORS}"
)
DELETE_TEMPLATE = mutation(
    "deleteScheduleTemplate", "DeleteScheduleTemplateInput", f"deletedId {ERRORS}"
)
SET_OVERRIDE = mutation(
    "setScheduleOverride", "SetScheduleOverrideInput", f"override {{ {OVERRIDE} }} {ERRORS}"
)
DELETE_OVERRIDE = mutation(
    "deleteScheduleOverride", "DeleteScheduleOverrideInput", f"deletedId {ERRORS}"
)
CREATE_NOTE = mutation(
    "createScheduleNote", "CreateScheduleNoteInput", f"scheduleNote {{ {NOTE} }} {ERRORS}"
)
UPDATE_NOTE = mutation(
    "updateScheduleNote", "UpdateScheduleNoteInput", f"scheduleNote {{ {NOTE} }} {ERRORS}"
)
DELETE_NOTE = mutation("deleteScheduleNote", "DeleteScheduleNoteInput", f"deletedId {ERRORS}")
CREATE_RULE = mutation(
    "createAppointmentTypeOverlapRule",
    "CreateAppointmentTypeOverlapRuleInput",
    f"rule {{ {RULE} }} {ERRORS}",
)
DELETE_RULE = mutation(
    "deleteAppointmentTypeOverlapRule",
    "DeleteAppointmentTypeOverlapRuleInput",
    f"deletedId {ERRORS}",
)


def template_input(practice: Practice, **extra: Any) -> dict[str, Any]:
    """A valid createScheduleTemplate input: Mondays 08:00-17:00 from 2030-01-07."""
    values: dict[str, Any] = {
        "providerId": global_id("Provider", practice.provider.id),
        "locationId": global_id("Location", practice.location.id),
        "weekday": "MONDAY",
        "startTime": "08:00:00",
        "endTime": "17:00:00",
        "effectiveFrom": "2030-01-07",
    }
    return {**values, **extra}


def override_input(practice: Practice, **extra: Any) -> dict[str, Any]:
    """A valid setScheduleOverride input: custom hours 09:00-13:00 on 2030-01-07."""
    values: dict[str, Any] = {
        "providerId": global_id("Provider", practice.provider.id),
        "locationId": global_id("Location", practice.location.id),
        "date": "2030-01-07",
        "startTime": "09:00:00",
        "endTime": "13:00:00",
    }
    return {**values, **extra}


def integration(practice: Practice) -> Viewer:
    """An integration-role caller of the practice's organization."""
    return Viewer(organization_id=practice.org.id, role=Role.INTEGRATION, subject="sync-bot")


async def schedule_state(engine: AsyncEngine) -> tuple[Any, ...]:
    """Every schedule row and idempotency key: what a failed mutation must leave untouched."""
    state = []
    async with engine.connect() as connection:
        for model in (
            ProviderScheduleTemplate,
            ProviderScheduleOverride,
            ScheduleNote,
            AppointmentTypeOverlapRule,
            IdempotencyKey,
        ):
            table = table_of(model)
            rows = (await connection.execute(select(table).order_by(*table.primary_key))).all()
            state.append(tuple(rows))
    return tuple(state)


def payload(result: Any, name: str) -> Any:
    """The mutation's payload, after checking there were no top-level errors."""
    assert result.errors is None, result.errors
    return result.data[name]


async def insert_row(engine: AsyncEngine, model: Any, **values: Any) -> Any:
    """Insert one schedule row directly and return it."""
    table = table_of(model)
    async with engine.begin() as connection:
        result = await connection.execute(insert(table).values(**values).returning(*table.c))
        return result.one()


async def add_template(
    engine: AsyncEngine,
    provider: Any,
    location: Any,
    weekday: int,
    start: Any,
    end: Any,
    **extra: Any,
) -> Any:
    """A weekly template row, effective from 2030-01-01 unless told otherwise."""
    values = {"effective_from": date(2030, 1, 1), **extra}
    return await insert_row(
        engine,
        ProviderScheduleTemplate,
        organization_id=location.organization_id,
        provider_id=provider.id,
        location_id=location.id,
        weekday=weekday,
        start_time=start,
        end_time=end,
        **values,
    )
