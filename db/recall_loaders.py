"""Per-request DataLoaders for patient recalls (by id, by patient, by booking appointment)
and for the appointment types that book recall types, both ways."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from aiodataloader import DataLoader

from db.batching import by_id, grouped
from db.queries import recall_booking_types as booking
from db.queries import recalls as queries
from db.request_database import RequestDatabase
from db.rows.recalls import BookedRecallTypeRow, BookingTypeRow, RecallRow


class RecallLoaders:
    """Patient recalls (joined with their type and linked appointment) in one query per batch."""

    def __init__(self, db: RequestDatabase, organization_id: uuid.UUID) -> None:
        self.db = db
        self.organization_id = organization_id
        self.by_id: DataLoader[uuid.UUID, RecallRow | None] = DataLoader(self._by_id)
        self.of_patient: DataLoader[uuid.UUID, list[RecallRow]] = DataLoader(self._of_patients)
        self.of_appointment: DataLoader[uuid.UUID, list[RecallRow]] = DataLoader(
            self._of_appointments
        )
        # Recall type id -> the appointment types that book it; and the other way round.
        self.booking_types: DataLoader[uuid.UUID, list[BookingTypeRow]] = DataLoader(
            self._booking_types
        )
        self.booked_by: DataLoader[uuid.UUID, list[BookedRecallTypeRow]] = DataLoader(
            self._booked_by
        )

    async def _by_id(self, keys: Sequence[uuid.UUID]) -> list[RecallRow | None]:
        rows = await queries.recalls_by_ids(self.db, organization_id=self.organization_id, ids=keys)
        return by_id(rows, keys)

    async def _of_patients(self, keys: Sequence[uuid.UUID]) -> list[list[RecallRow]]:
        rows = await queries.recalls_linked_to(
            self.db, organization_id=self.organization_id, column="patient_id", ids=keys
        )
        return grouped(rows, keys, lambda row: row.patient_id)

    async def _of_appointments(self, keys: Sequence[uuid.UUID]) -> list[list[RecallRow]]:
        rows = await queries.recalls_linked_to(
            self.db, organization_id=self.organization_id, column="appointment_id", ids=keys
        )
        return grouped(rows, keys, lambda row: row.appointment_id)

    async def _booking_types(self, keys: Sequence[uuid.UUID]) -> list[list[BookingTypeRow]]:
        rows = await booking.booking_types_of(
            self.db, organization_id=self.organization_id, recall_type_ids=keys
        )
        return grouped(rows, keys, lambda row: row.recall_type_id)

    async def _booked_by(self, keys: Sequence[uuid.UUID]) -> list[list[BookedRecallTypeRow]]:
        rows = await booking.recall_types_booked_by(
            self.db, organization_id=self.organization_id, appointment_type_ids=keys
        )
        return grouped(rows, keys, lambda row: row.appointment_type_id)
