"""Patients' scheduling preferences read for many patients at once: a batch by patient (the
Patient.schedulingPreferences loader) and the staff list across patients."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, any_, bindparam, func, select

from db.queries import keyset
from db.queries.ids import uuid_array
from db.queries.keyset import SortKey
from db.queries.user_settings import preferences
from db.request_database import RequestDatabase
from db.rows.appointments import CountRow
from db.rows.user_settings import PreferenceRow

# The list's one order: by patient (one row per patient, so the position is unique).
ORDER = (SortKey(preferences.c.patient_id, "uuid"),)

# One statement text whatever the number of patients (= ANY of a uuid[]).
BY_PATIENTS = select(preferences).where(
    preferences.c.organization_id == bindparam("organization_id"),
    preferences.c.patient_id == any_(uuid_array("patient_ids")),
)


@dataclass(frozen=True, slots=True)
class PreferenceFilter:
    """Which patients' preferences a list holds (empty lists and None: no condition)."""

    patient_ids: list[uuid.UUID] = field(default_factory=list)
    provider_ids: list[uuid.UUID] = field(default_factory=list)
    learned_from_history: bool | None = None


async def preferences_of_patients(
    db: RequestDatabase, *, organization_id: uuid.UUID, patient_ids: Sequence[uuid.UUID]
) -> list[PreferenceRow]:
    """The saved preferences of these patients (patients with none have no row)."""
    params = {"organization_id": organization_id, "patient_ids": list(patient_ids)}
    return await db.fetch_all(BY_PATIENTS, params, shape=PreferenceRow)


def _conditions(organization_id: uuid.UUID, spec: PreferenceFilter) -> list[ColumnElement[Any]]:
    conditions: list[ColumnElement[Any]] = [preferences.c.organization_id == organization_id]
    if spec.patient_ids:
        conditions.append(preferences.c.patient_id.in_(spec.patient_ids))
    if spec.provider_ids:
        # Prefers at least one of them.
        conditions.append(preferences.c.provider_ids.overlap(spec.provider_ids))
    if spec.learned_from_history is not None:
        conditions.append(preferences.c.learned_from_history.is_(spec.learned_from_history))
    return conditions


async def list_preferences(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    spec: PreferenceFilter,
    after: Sequence[Any] | None,
    limit: int,
) -> list[PreferenceRow]:
    """Saved preferences matching the filter by patient id, after the position if any."""
    conditions = _conditions(organization_id, spec)
    if after is not None:
        conditions.append(keyset.after(ORDER, after))
    statement = (
        select(preferences).where(*conditions).order_by(*keyset.order_by(ORDER)).limit(limit)
    )
    return await db.fetch_all(statement, shape=PreferenceRow)


async def count_preferences(
    db: RequestDatabase, *, organization_id: uuid.UUID, spec: PreferenceFilter
) -> int:
    """How many saved preferences match the filter."""
    statement = (
        select(func.count().label("count"))
        .select_from(preferences)
        .where(*_conditions(organization_id, spec))
    )
    row = await db.fetch_one(statement, shape=CountRow)
    return row.count if row else 0
