"""Statements sent straight through asyncpg (db/read_statement.py) read exactly what
SQLAlchemy's path reads: the same records, column names, values and value types."""

from __future__ import annotations

import importlib
import pkgutil
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

import db.queries
from db.models import (
    AppointmentProcedure,
    AppointmentReason,
    AppointmentTypeLocation,
    AppointmentTypeProvider,
    PatientFlowStatus,
    ProviderLocation,
    RecallTrigger,
    RecallType,
)
from db.queries import appointments as appointment_queries
from db.queries import practice as practice_queries
from db.queries.ids import rows_by_ids
from db.read_statement import ReadStatement
from db.request_database import RequestDatabase
from scheduling.appointment_status import AppointmentStatus
from tests.support.factories import (
    Practice,
    _insert,
    make_appointment,
    make_practice,
    make_provider,
)

START = datetime(2026, 11, 16, 14, 0, tzinfo=UTC)


def read_statements() -> Iterator[tuple[str, ReadStatement]]:
    """Every ReadStatement the query modules define (alone or in a dict), by its name."""
    for module_info in pkgutil.iter_modules(db.queries.__path__):
        module = importlib.import_module(f"db.queries.{module_info.name}")
        for name, value in vars(module).items():
            if isinstance(value, ReadStatement):
                yield f"{module_info.name}.{name}", value
            elif isinstance(value, dict):
                for key, item in value.items():
                    if isinstance(item, ReadStatement):
                        yield f"{module_info.name}.{name}[{key}]", item


class Seeded:
    """A practice with a hold, a visit with an assistant, a flow status and a reason."""

    def __init__(
        self,
        practice: Practice,
        flow_status_id: uuid.UUID,
        visit: Any,
        reason_id: uuid.UUID,
        procedure_id: uuid.UUID,
    ) -> None:
        self.practice = practice
        self.flow_status_id = flow_status_id
        self.visit = visit
        self.reason_id = reason_id
        self.procedure_id = procedure_id


def _by_ids(ident: Callable[[Seeded], uuid.UUID]) -> Callable[[Seeded], dict]:
    return lambda s: {"organization_id": s.practice.org.id, "ids": [ident(s), uuid.uuid4()]}


def _around_start(s: Any) -> dict[str, Any]:
    """A location's appointments of any status starting within a day of START."""
    return {
        "organization_id": s.practice.org.id,
        "location_id": s.practice.location.id,
        "starts_from": START - timedelta(days=1),
        "starts_before": START + timedelta(days=1),
        "statuses": [status.value for status in AppointmentStatus],
    }


# Parameters for each statement; a statement added without a case here fails the test below.
CASES: dict[str, Callable[[Seeded], dict[str, Any]]] = {
    "practice.LOCATIONS_BY_IDS": _by_ids(lambda s: s.practice.location.id),
    "practice.OPERATORIES_BY_IDS": _by_ids(lambda s: s.practice.operatory.id),
    "practice.PROVIDERS_BY_IDS": _by_ids(lambda s: s.practice.provider.id),
    "practice.PATIENTS_BY_IDS": _by_ids(lambda s: s.practice.patient.id),
    "practice.APPOINTMENT_TYPES_BY_IDS": _by_ids(lambda s: s.practice.appointment_type.id),
    "practice.CONFIRMATION_STATUSES_BY_IDS": _by_ids(lambda s: s.practice.confirmation_status.id),
    "practice.FLOW_STATUSES_BY_IDS": _by_ids(lambda s: s.flow_status_id),
    "catalogs.APPOINTMENT_REASONS_BY_IDS": _by_ids(lambda s: s.reason_id),
    "practice.OPERATORIES_OF_LOCATIONS": lambda s: {
        "organization_id": s.practice.org.id,
        "location_ids": [s.practice.location.id],
    },
    "appointments.APPOINTMENTS_WITH_PEOPLE_BY_IDS": lambda s: {
        "organization_id": s.practice.org.id,
        "ids": [s.visit.id],
    },
    "appointments.APPOINTMENT_WITH_PEOPLE_BY_ID": lambda s: {
        "organization_id": s.practice.org.id,
        "id": s.visit.id,
    },
    "appointments.APPOINTMENTS_STARTING_BETWEEN": lambda s: _around_start(s),
    "appointments.CORES_STARTING_BETWEEN": lambda s: _around_start(s),
    "availability.BUSY_IN_RANGE": lambda s: {
        "organization_id": s.practice.org.id,
        "location_id": s.practice.location.id,
        "providers": [s.practice.provider.id],
        "start_at": START - timedelta(days=1),
        "end_at": START + timedelta(days=1),
    },
    "appointments.ADDITIONAL_PROVIDERS_OF": lambda s: {
        "organization_id": s.practice.org.id,
        "ids": [s.visit.id],
    },
    "procedures.PROCEDURES_OF": lambda s: {
        "organization_id": s.practice.org.id,
        "ids": [s.visit.id, uuid.uuid4()],
    },
    "procedures.PROCEDURES_BY_IDS": _by_ids(lambda s: s.procedure_id),
    "procedures.DONE_PROCEDURES": lambda s: {
        "organization_id": s.practice.org.id,
        "patient_ids": [s.practice.patient.id],
        "codes": ["D1110", "D0120"],
    },
    "procedures.CODE_INTERVALS": lambda s: {
        "organization_id": s.practice.org.id,
        "codes": ["D1110", "D9999"],
    },
    "setup.LINKED[provider_locations]": _by_ids(lambda s: s.practice.provider.id),
    "setup.LINKED[type_providers]": _by_ids(lambda s: s.practice.appointment_type.id),
    "setup.LINKED[type_locations]": _by_ids(lambda s: s.practice.appointment_type.id),
}


async def seed(engine: AsyncEngine) -> Seeded:
    practice = await make_practice(engine)
    assistant = await make_provider(engine, practice.org, last_name="Assist")
    visit = await make_appointment(
        engine,
        practice,
        start_at=START,
        end_at=START + timedelta(minutes=30),
        additional_providers=[assistant],
        note="Crown prep",
    )
    done = await make_appointment(
        engine,
        practice,
        start_at=START + timedelta(hours=1),
        end_at=START + timedelta(hours=2),
        status=AppointmentStatus.COMPLETE,
    )
    async with engine.begin() as connection:
        await connection.execute(
            text("UPDATE appointments SET procedure_codes = '{D1110,D0274}' WHERE id = :id"),
            {"id": done.id},
        )
    procedure = await _insert(
        engine,
        AppointmentProcedure,
        {
            "organization_id": practice.org.id,
            "appointment_id": visit.id,
            "code": "D1110",
            "fee": Decimal("95.50"),
            "provider_id": assistant.id,
            "position": 0,
        },
    )
    hygiene = await _insert(
        engine,
        RecallType,
        {"organization_id": practice.org.id, "name": "Hygiene", "default_interval_months": 6},
    )
    await _insert(
        engine,
        RecallTrigger,
        {
            "organization_id": practice.org.id,
            "recall_type_id": hygiene.id,
            "procedure_code": "D1110",
        },
    )
    flow = await _insert(
        engine,
        PatientFlowStatus,
        {
            "organization_id": practice.org.id,
            "name": "Seated",
            "abbreviation": "S",
            "color": "#112233",
        },
    )
    links = [
        (
            ProviderLocation,
            {"provider_id": practice.provider.id, "location_id": practice.location.id},
        ),
        (
            AppointmentTypeProvider,
            {"appointment_type_id": practice.appointment_type.id, "provider_id": assistant.id},
        ),
        (
            AppointmentTypeLocation,
            {
                "appointment_type_id": practice.appointment_type.id,
                "location_id": practice.location.id,
            },
        ),
    ]
    for model, values in links:
        await _insert(engine, model, {"organization_id": practice.org.id, **values})
    reason = await _insert(
        engine,
        AppointmentReason,
        {"organization_id": practice.org.id, "kind": "NO_SHOW", "name": "Forgot"},
    )
    return Seeded(practice, flow.id, visit, reason.id, procedure.id)


def test_every_read_statement_has_a_case() -> None:
    assert sorted(name for name, _ in read_statements()) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
async def test_direct_read_equals_sqlalchemy_read(engine: AsyncEngine, name: str) -> None:
    statements = dict(read_statements())
    seeded = await seed(engine)
    params = CASES[name](seeded)
    db = RequestDatabase(engine, seeded.practice.org.id)
    try:
        statement = statements[name]
        direct = await db.fetch_all(statement, params)
        through_sqlalchemy = await db.fetch_all(statement.statement, params, shape=statement.shape)
    finally:
        await db.close()
    assert direct, "the case reads no rows, so it proves nothing"
    assert [row._fields for row in direct] == [row._fields for row in through_sqlalchemy]
    assert list(direct) == list(through_sqlalchemy)
    assert [[type(value) for value in row] for row in direct] == [
        [type(value) for value in row] for row in through_sqlalchemy
    ]


async def test_the_people_read_with_appointments_are_the_rows_read_by_id(
    engine: AsyncEngine,
) -> None:
    seeded = await seed(engine)
    org, visit = seeded.practice.org.id, seeded.visit
    db = RequestDatabase(engine, org)
    try:
        found = await appointment_queries.appointments_with_people_by_ids(
            db, organization_id=org, ids=[visit.id, uuid.uuid4()]
        )
        patients = await rows_by_ids(
            db, practice_queries.PATIENTS_BY_IDS, organization_id=org, ids=[visit.patient_id]
        )
        additional = await appointment_queries.additional_providers_of(
            db, organization_id=org, appointment_ids=[visit.id]
        )
        providers = []
        for ident in [visit.primary_provider_id, *(row.id for row in additional)]:
            providers += await rows_by_ids(
                db, practice_queries.PROVIDERS_BY_IDS, organization_id=org, ids=[ident]
            )
    finally:
        await db.close()
    assert [row.id for row in found.appointments] == [visit.id]
    appointment: Any = found.appointments[0]
    assert appointment._fields[-1] == "time_zone"  # the appointment's columns alone
    assert len(additional) == 1  # the assistant
    cases: list[tuple[list[Any], list[Any]]] = [
        (found.patients, patients),
        (found.additional[visit.id], additional),
        (found.providers, providers),
    ]
    for read, by_id in cases:
        assert [row._fields for row in read] == [row._fields for row in by_id]
        assert read == by_id
        assert [[type(v) for v in row] for row in read] == [[type(v) for v in row] for row in by_id]


async def test_another_organization_reads_nothing(engine: AsyncEngine) -> None:
    seeded = await seed(engine)
    other = await make_practice(engine)
    db = RequestDatabase(engine, other.org.id)
    try:
        # The caller's own organization id, or the victim's: row-level security hides both.
        for org in (other.org.id, seeded.practice.org.id):
            rows = await db.fetch_all(
                appointment_queries.APPOINTMENTS_WITH_PEOPLE_BY_IDS,
                {"organization_id": org, "ids": [seeded.visit.id]},
            )
            assert rows == []
        patients = await rows_by_ids(
            db,
            practice_queries.PATIENTS_BY_IDS,
            organization_id=seeded.practice.org.id,
            ids=[seeded.practice.patient.id],
        )
        assert patients == []
    finally:
        await db.close()


IDLE_IN_TRANSACTION = text(
    "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'slotgraph' "
    "AND datname = current_database() AND state LIKE 'idle in transaction%'"
)


async def test_reads_hold_no_transaction_and_leave_nothing_on_pooled_connections(
    engine: AsyncEngine,
) -> None:
    seeded = await seed(engine)
    db = RequestDatabase(engine, seeded.practice.org.id)
    params = {"organization_id": seeded.practice.org.id, "ids": [seeded.visit.id]}
    assert await db.fetch_all(appointment_queries.APPOINTMENTS_WITH_PEOPLE_BY_IDS, params)
    async with engine.connect() as observer:
        # Each statement takes its own snapshot (db/read_scope.py): nothing held between them.
        assert (await observer.execute(IDLE_IN_TRANSACTION)).scalar_one() == 0
    await db.close()
    async with engine.connect() as observer:
        assert (await observer.execute(IDLE_IN_TRANSACTION)).scalar_one() == 0
        # A pooled connection is the owner, outside any organization.
        setting = text("SELECT current_setting('slotgraph.organization_id', true), current_user")
        organization, user = (await observer.execute(setting)).one()
        assert organization in (None, "")
        assert user != "slotgraph_request"


async def test_after_a_failed_read_the_request_reads_on(
    engine: AsyncEngine,
) -> None:
    seeded = await seed(engine)
    db = RequestDatabase(engine, seeded.practice.org.id)
    try:
        with pytest.raises(asyncpg.exceptions.DataError):
            # ids must be UUIDs: asyncpg refuses to encode the text
            await db.fetch_all(
                appointment_queries.APPOINTMENTS_WITH_PEOPLE_BY_IDS,
                {"organization_id": seeded.practice.org.id, "ids": ["not a uuid"]},
            )
        async with engine.connect() as observer:
            assert (await observer.execute(IDLE_IN_TRANSACTION)).scalar_one() == 0
        rows = await db.fetch_all(
            appointment_queries.APPOINTMENTS_WITH_PEOPLE_BY_IDS,
            {"organization_id": seeded.practice.org.id, "ids": [seeded.visit.id]},
        )
        assert [row.id for row in rows] == [seeded.visit.id]
    finally:
        await db.close()
