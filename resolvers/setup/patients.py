"""registerPatient and updatePatient (staff): a patient before their first booking, and
their contact details. The audit trail records which fields changed, not their values."""

from __future__ import annotations

import re
import uuid
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from db.queries.practice import PATIENTS
from db.tables import patients
from resolvers.context import RequestContext
from resolvers.errors import Duplicate, Validation
from resolvers.mutation_runner import Transaction, run_row_mutation
from resolvers.outcomes import Written
from resolvers.setup import fields, rows
from resolvers.setup.chart_numbers import generate_chart_number

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PHONE = re.compile(r"\+?[0-9 ()./-]{5,32}")
EARLIEST_BIRTH = date(1900, 1, 1)
# text column -> (its input field, longest)
TEXTS = {"first_name": ("firstName", 100), "last_name": ("lastName", 100)}


@dataclass(frozen=True, slots=True)
class PatientValues:
    """A patient's columns a client sets; None leaves one as it is. An empty phone or email
    removes it."""

    first_name: str | None = None
    last_name: str | None = None
    date_of_birth: date | None = None
    phone: str | None = None
    email: str | None = None
    chart_number: str | None = None


@dataclass(frozen=True, slots=True)
class PatientChange:
    """A new patient (patient_id None) or a change to one at base_version."""

    values: PatientValues
    patient_id: uuid.UUID | None = None
    base_version: int | None = None


def _contact(clean: dict[str, Any]) -> None:
    for column, pattern, label in (
        ("phone", PHONE, "a phone number"),
        ("email", EMAIL, "an email address"),
    ):
        if column in clean:
            value = clean[column].strip() or None
            if value is not None and not pattern.fullmatch(value):
                raise Validation(f"{column} is not {label}", field=column)
            clean[column] = value


def _cleaned(values: PatientValues, today: date) -> dict[str, Any]:
    clean: dict[str, Any] = fields.present(asdict(values))
    for column, (name, longest) in TEXTS.items():
        if column in clean:
            clean[column] = fields.text(clean[column], field=name, longest=longest)
    if "chart_number" in clean:
        clean["chart_number"] = fields.text(clean["chart_number"], field="chartNumber", longest=20)
    born = clean.get("date_of_birth")
    if born is not None and not EARLIEST_BIRTH <= born <= today:
        raise Validation("dateOfBirth must be between 1900-01-01 and today", field="dateOfBirth")
    _contact(clean)
    return clean


def chart_taken() -> Duplicate:
    """DUPLICATE: another patient of the organization has this chart number."""
    return Duplicate("Another patient has this chart number", field="chartNumber")


async def save_patient(
    ctx: RequestContext, change: PatientChange, *, idempotency_key: str | None
) -> uuid.UUID:
    """Register a patient (change.patient_id None) or change their details; their id."""
    clean = _cleaned(change.values, ctx.now.date())
    creating = change.patient_id is None
    for column, (name, _) in TEXTS.items():
        if creating and column not in clean:
            raise Validation(f"{name} is required", field=name)

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        if change.patient_id is None:
            values = dict(clean)
            if "chart_number" not in values:
                org = ctx.viewer.organization_id
                values["chart_number"] = await generate_chart_number(connection, org)
            return Written(await rows.insert_row(tx, ctx, patients, values))
        row = await rows.locked_row(
            connection, ctx, PATIENTS, change.patient_id, field="patientId", label="patient"
        )
        rows.check_version(row, change.base_version or 0)
        await rows.update_row(tx, ctx, patients, row, clean)
        return Written(row.id)

    return await run_row_mutation(
        ctx,
        work,
        name="registerPatient" if creating else "updatePatient",
        idempotency_key=idempotency_key,
        request={**asdict(change), **clean},
        duplicate=chart_taken(),
    )
