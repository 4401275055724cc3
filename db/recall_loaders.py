"""Per-request DataLoaders for patient recalls: by id, by patient, by booking appointment."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from aiodataloader import DataLoader
from sqlalchemy import Row

from db.batching import by_id, grouped
from db.queries import recalls as queries
from db.request_database import RequestDatabase


class RecallLoaders:
    """Patient recalls (joined with their type and linked appointment) in one query per batch."""

    def __init__(self, db: RequestDatabase, organization_id: uuid.UUID) -> None:
        self.db = db
        self.organization_id = organization_id
        self.by_id: DataLoader[uuid.UUID, Row[Any] | None] = DataLoader(self._by_id)
        self.of_patient: DataLoader[uuid.UUID, list[Row[Any]]] = DataLoader(self._of_patients)
        self.of_appointment: DataLoader[uuid.UUID, list[Row[Any]]] = DataLoader(
            self._of_appointments
        )

    async def _by_id(self, keys: Sequence[uuid.UUID]) -> list[Row[Any] | None]:
        rows = await queries.rows_by_ids(
            self.db, kind="recall", organization_id=self.organization_id, ids=keys
        )
        return by_id(rows, keys)

    async def _of_patients(self, keys: Sequence[uuid.UUID]) -> list[list[Row[Any]]]:
        rows = await queries.recalls_linked_to(
            self.db, organization_id=self.organization_id, column="patient_id", ids=keys
        )
        return grouped(rows, keys, "patient_id")

    async def _of_appointments(self, keys: Sequence[uuid.UUID]) -> list[list[Row[Any]]]:
        rows = await queries.recalls_linked_to(
            self.db, organization_id=self.organization_id, column="appointment_id", ids=keys
        )
        return grouped(rows, keys, "appointment_id")
