"""Per-request loaders of appointments' procedures and of the procedure-frequency check's
facts (db/queries/procedures.py), one query per batch."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from functools import cached_property

from db.batch_loader import BatchLoader
from db.batching import by_id, grouped
from db.queries import procedures as queries
from db.queries.ids import rows_by_ids
from db.request_database import RequestDatabase
from db.rows.appointments import ProcedureRow

# (patient, code) -> the (appointment, local date) of each COMPLETE visit that performed it
DoneKey = tuple[uuid.UUID, str]
Done = list[tuple[uuid.UUID, date]]


class ProcedureLoaders:
    """Procedures by appointment and by id; done dates by (patient, code); intervals by code."""

    def __init__(self, db: RequestDatabase, organization_id: uuid.UUID) -> None:
        self.db = db
        self.organization_id = organization_id

    @cached_property
    def of_appointment(self) -> BatchLoader[uuid.UUID, list[ProcedureRow]]:
        """Each appointment's procedures, in their order."""

        async def load(keys: Sequence[uuid.UUID]) -> list[list[ProcedureRow]]:
            rows = await queries.procedures_of(
                self.db, organization_id=self.organization_id, appointment_ids=keys
            )
            return grouped(rows, keys, lambda row: row.appointment_id)

        return BatchLoader(load)

    @cached_property
    def by_id(self) -> BatchLoader[uuid.UUID, ProcedureRow | None]:
        """Procedures by id."""

        async def load(keys: Sequence[uuid.UUID]) -> list[ProcedureRow | None]:
            rows = await rows_by_ids(
                self.db, queries.PROCEDURES_BY_IDS, organization_id=self.organization_id, ids=keys
            )
            return by_id(rows, keys)

        return BatchLoader(load)

    @cached_property
    def done(self) -> BatchLoader[DoneKey, Done]:
        """When each (patient, code) was done: one query for all the keys of a batch."""

        async def load(keys: Sequence[DoneKey]) -> list[Done]:
            rows = await queries.done_procedures(
                self.db,
                organization_id=self.organization_id,
                patient_ids=sorted({patient for patient, _ in keys}),
                codes=sorted({code for _, code in keys}),
            )
            found: dict[DoneKey, Done] = defaultdict(list)
            for row in rows:
                found[(row.patient_id, row.code)].append((row.appointment_id, row.done_on))
            return [found.get(key, []) for key in keys]

        return BatchLoader(load)

    @cached_property
    def intervals(self) -> BatchLoader[str, list[int]]:
        """The intervals (months) of the active recall types each code triggers."""

        async def load(keys: Sequence[str]) -> list[list[int]]:
            rows = await queries.code_intervals(
                self.db, organization_id=self.organization_id, codes=keys
            )
            found: dict[str, list[int]] = defaultdict(list)
            for row in rows:
                found[row.code].append(row.interval_months)
            return [found.get(key, []) for key in keys]

        return BatchLoader(load)

    def forget(self, appointment_id: uuid.UUID) -> None:
        """Drop an appointment's procedures (and what the check read) after a change."""
        made = self.__dict__
        if "of_appointment" in made:
            self.of_appointment.clear(appointment_id)
        for name in ("by_id", "done"):
            if name in made:
                made[name].clear_all()
