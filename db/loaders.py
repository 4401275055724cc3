"""Per-request DataLoaders: every relation is fetched in one `= ANY(...)` query per batch."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Collection, Sequence
from functools import cached_property
from operator import attrgetter
from typing import Any, Literal

from aiodataloader import DataLoader

from db.batch_loader import BatchLoader
from db.batching import T, by_id, grouped
from db.blockout_loaders import BlockoutLoaders
from db.procedure_loaders import ProcedureLoaders
from db.queries import appointments as appointment_queries
from db.queries import catalogs as catalog_queries
from db.queries import history as history_queries
from db.queries import practice as practice_queries
from db.queries import preference_lists as preference_queries
from db.queries.ids import rows_by_ids
from db.read_statement import ReadStatement
from db.recall_loaders import RecallLoaders
from db.request_database import RequestDatabase
from db.rows.appointments import (
    AdditionalProviderRow,
    FlowEventRow,
    HistoryEntryRow,
    ZonedAppointmentRow,
    ZonedCoreRow,
)
from db.rows.practice import (
    AppointmentReasonRow,
    AppointmentTypeRow,
    ConfirmationStatusRow,
    FlowStatusRow,
    LocationRow,
    OperatoryRow,
    PatientRow,
    ProviderRow,
)
from db.rows.user_settings import PreferenceRow
from db.schedule_loaders import ScheduleLoaders
from db.setup_loaders import SetupLoaders

# The relations of an appointment that Loaders.load_relations can load for many at once.
AppointmentRelation = Literal[
    "patient",
    "appointment_type",
    "confirmation_status",
    "flow_status",
    "primary_provider",
    "additional_providers",
    "operatory",
    "location",
    "procedures",
]


# The by-id directory loaders (forget_row clears a changed row from those made).
_BY_ID = (
    "locations",
    "operatories",
    "providers",
    "patients",
    "appointment_types",
    "confirmation_statuses",
    "flow_statuses",
    "appointment_reasons",
    "patient_preferences",  # keyed by the patient's id
)


class Loaders:
    """The DataLoaders of one request, all scoped to the caller's organization."""

    def __init__(self, db: RequestDatabase, organization_id: uuid.UUID) -> None:
        self.db = db
        self.organization_id = organization_id

    # Every loader is made on first use: a node(id) needs four of the dozen, and making them
    # all cost a tenth of such a request.
    @cached_property
    def locations(self) -> BatchLoader[uuid.UUID, LocationRow | None]:
        """Locations by id."""
        return self._directory(practice_queries.LOCATIONS_BY_IDS)

    @cached_property
    def operatories(self) -> BatchLoader[uuid.UUID, OperatoryRow | None]:
        """Operatories by id (inactive ones too)."""
        return self._directory(practice_queries.OPERATORIES_BY_IDS)

    @cached_property
    def providers(self) -> BatchLoader[uuid.UUID, ProviderRow | None]:
        """Providers by id."""
        return self._directory(practice_queries.PROVIDERS_BY_IDS)

    @cached_property
    def patients(self) -> BatchLoader[uuid.UUID, PatientRow | None]:
        """Patients by id."""
        return self._directory(practice_queries.PATIENTS_BY_IDS)

    @cached_property
    def patient_preferences(self) -> BatchLoader[uuid.UUID, PreferenceRow | None]:
        """Patients' saved scheduling preferences by patient id (None: none saved)."""
        return BatchLoader(self._patient_preferences)

    @cached_property
    def appointment_types(self) -> BatchLoader[uuid.UUID, AppointmentTypeRow | None]:
        """Appointment types by id."""
        return self._directory(practice_queries.APPOINTMENT_TYPES_BY_IDS)

    @cached_property
    def confirmation_statuses(self) -> BatchLoader[uuid.UUID, ConfirmationStatusRow | None]:
        """Confirmation statuses by id."""
        return self._directory(practice_queries.CONFIRMATION_STATUSES_BY_IDS)

    @cached_property
    def flow_statuses(self) -> BatchLoader[uuid.UUID, FlowStatusRow | None]:
        """Patient flow statuses by id."""
        return self._directory(practice_queries.FLOW_STATUSES_BY_IDS)

    @cached_property
    def appointment_reasons(self) -> BatchLoader[uuid.UUID, AppointmentReasonRow | None]:
        """Cancellation and no-show reasons by id."""
        return self._directory(catalog_queries.APPOINTMENT_REASONS_BY_IDS)

    @cached_property
    def appointments(self) -> BatchLoader[uuid.UUID, ZonedAppointmentRow | None]:
        """Appointments (with their location's zone) by id."""
        return BatchLoader(self._appointments)

    @cached_property
    def operatories_by_location(self) -> BatchLoader[uuid.UUID, list[OperatoryRow]]:
        """The active operatories of each location, in their order."""
        return BatchLoader(self._operatories_by_location)

    @cached_property
    def additional_providers(self) -> BatchLoader[uuid.UUID, list[AdditionalProviderRow]]:
        """Each appointment's additional providers, in their order."""
        return BatchLoader(self._additional_providers)

    @cached_property
    def flow_events(self) -> DataLoader[uuid.UUID, list[FlowEventRow]]:
        """Each appointment's patient flow events."""
        return DataLoader(self._flow_events)

    @cached_property
    def history(self) -> DataLoader[tuple[uuid.UUID, int, int], list[HistoryEntryRow]]:
        """History pages keyed by (appointment, after id, page size): one query per distinct
        page request."""
        return DataLoader(self._history)

    # The groups below, likewise: most requests (a node, a calendar) need none of their
    # twenty-odd loaders.
    @cached_property
    def schedules(self) -> ScheduleLoaders:
        """Provider schedules, schedule notes and overlap rules (db/schedule_loaders.py)."""
        return ScheduleLoaders(self.db, self.organization_id, self.locations)

    @cached_property
    def blockouts(self) -> BlockoutLoaders:
        """Blockouts, their types and templates (db/blockout_loaders.py)."""
        return BlockoutLoaders(self.db, self.organization_id)

    @cached_property
    def recalls(self) -> RecallLoaders:
        """Patient recalls by id, patient and booking appointment (db/recall_loaders.py)."""
        return RecallLoaders(self.db, self.organization_id)

    @cached_property
    def procedures(self) -> ProcedureLoaders:
        """Appointments' procedures and the frequency check's facts (db/procedure_loaders.py)."""
        return ProcedureLoaders(self.db, self.organization_id)

    @cached_property
    def setup(self) -> SetupLoaders:
        """Who offers what: providers' locations, types' providers and locations."""
        return SetupLoaders(self.db, self.organization_id)

    def _directory(self, statement: ReadStatement[T]) -> BatchLoader[uuid.UUID, T | None]:
        async def load(keys: Sequence[uuid.UUID]) -> list[T | None]:
            rows = await rows_by_ids(
                self.db, statement, organization_id=self.organization_id, ids=keys
            )
            return by_id(rows, keys)

        return BatchLoader(load)

    async def _appointments(self, keys: Sequence[uuid.UUID]) -> list[ZonedAppointmentRow | None]:
        # The people ride along (one statement for what a node(id) shows, not four); the
        # caches keep what they already hold, as prime() would.
        found = await appointment_queries.appointments_with_people_by_ids(
            self.db, organization_id=self.organization_id, ids=keys
        )
        for patient in found.patients:
            self.patients.prime_loaded(patient.id, patient)
        for provider in found.providers:
            self.providers.prime_loaded(provider.id, provider)
        for appointment_id, assisting in found.additional.items():
            self.additional_providers.prime_loaded(appointment_id, assisting)
        return by_id(found.appointments, keys)

    async def _patient_preferences(self, keys: Sequence[uuid.UUID]) -> list[PreferenceRow | None]:
        rows = await preference_queries.preferences_of_patients(
            self.db, organization_id=self.organization_id, patient_ids=keys
        )
        found = {row.patient_id: row for row in rows}
        return [found.get(key) for key in keys]

    async def _operatories_by_location(self, keys: Sequence[uuid.UUID]) -> list[list[OperatoryRow]]:
        rows = await practice_queries.operatories_of_locations(
            self.db, organization_id=self.organization_id, location_ids=keys
        )
        return grouped(rows, keys, lambda row: row.location_id)

    async def _additional_providers(
        self, keys: Sequence[uuid.UUID]
    ) -> list[list[AdditionalProviderRow]]:
        rows = await appointment_queries.additional_providers_of(
            self.db, organization_id=self.organization_id, appointment_ids=keys
        )
        return grouped(rows, keys, lambda row: row.appointment_id)

    async def _flow_events(self, keys: Sequence[uuid.UUID]) -> list[list[FlowEventRow]]:
        rows = await history_queries.flow_events_of(
            self.db, organization_id=self.organization_id, appointment_ids=keys
        )
        return grouped(rows, keys, lambda row: row.appointment_id)

    async def _history(
        self, keys: Sequence[tuple[uuid.UUID, int, int]]
    ) -> list[list[HistoryEntryRow]]:
        pages: dict[tuple[uuid.UUID, int, int], list[HistoryEntryRow]] = {key: [] for key in keys}
        for after_id, limit in sorted({(key[1], key[2]) for key in keys}):
            ids = [key[0] for key in keys if key[1:] == (after_id, limit)]
            rows = await history_queries.history_pages(
                self.db,
                organization_id=self.organization_id,
                appointment_ids=ids,
                after_id=after_id,
                limit=limit,
            )
            for row in rows:
                pages[(row.appointment_id, after_id, limit)].append(row)
        return [pages[key] for key in keys]

    async def operatory_at(
        self, location_id: uuid.UUID, operatory_id: uuid.UUID
    ) -> OperatoryRow | None:
        """An operatory of a location, through the location's list a calendar loads anyway."""
        # Appointments of one location share that list, so a calendar needs no by-id batch.
        for row in await self.operatories_by_location.load(location_id):
            if row.id == operatory_id:
                return row
        return await self.operatories.load(operatory_id)  # an inactive operatory

    def forget_appointment(self, appointment_id: uuid.UUID) -> None:
        """Drop cached data of an appointment a mutation just changed."""
        # aiodataloader's clear() ignores keys it never cached.
        made = self.__dict__
        for name in ("appointments", "additional_providers", "flow_events"):
            if name in made:
                made[name].clear(appointment_id)
        if "history" in made:
            self.history.clear_all()
        if "procedures" in made:
            self.procedures.forget(appointment_id)

    def forget_row(self, ident: uuid.UUID) -> None:
        """Drop a row a mutation just changed from every by-id cache (ids are UUIDs: no other
        row shares one), in the loaders and groups this request made only."""
        made = self.__dict__  # cached_property keeps a made loader or group here
        loaders: list[DataLoader[uuid.UUID, Any]] = [made[name] for name in _BY_ID if name in made]
        if "schedules" in made:
            group = self.schedules
            loaders += [group.templates, group.overrides, group.notes, group.overlap_rules]
        if "blockouts" in made:
            blockouts = self.blockouts
            loaders += [blockouts.types, blockouts.blockouts, blockouts.templates]
        if "recalls" in made:
            loaders.append(self.recalls.by_id)
        if "setup" in made:
            self.setup.forget(ident)
        for loader in loaders:
            loader.clear(ident)

    def release(self) -> None:
        """Drop everything this request loaded, once its response is built.

        Each loader's load function is a closure or method of its owner, so owner and loader
        form a reference cycle that only the garbage collector frees: a week calendar's 15,000
        rows, records and ids stayed alive until a collection, and those collections (one every
        few requests, each walking everything still alive) cost a fifth of the request's CPU.
        Emptied caches are freed by reference counting at once.
        """
        _clear_caches(self)

    def prime_appointments(self, rows: Sequence[ZonedAppointmentRow]) -> None:
        """Seed the appointment cache with rows a list query already fetched."""
        for row in rows:
            self.appointments.prime_loaded(row.id, row)

    async def load_relations(
        self, rows: Sequence[ZonedCoreRow], relations: Collection[AppointmentRelation]
    ) -> None:
        """Load the asked relations of many appointments now, one batch each, concurrently.

        The same statements the fields would send anyway; loaded before the fields resolve,
        their futures are done, so the fields answer without a coroutine each (a week
        calendar has thousands of them).
        """
        # relation -> (its loader, the appointment column that is its key)
        sources: dict[AppointmentRelation, tuple[BatchLoader[Any, Any], str]] = {
            "patient": (self.patients, "patient_id"),
            "appointment_type": (self.appointment_types, "appointment_type_id"),
            "confirmation_status": (self.confirmation_statuses, "confirmation_status_id"),
            "flow_status": (self.flow_statuses, "flow_status_id"),
            "primary_provider": (self.providers, "primary_provider_id"),
            "additional_providers": (self.additional_providers, "id"),
            "operatory": (self.operatories_by_location, "location_id"),
            "location": (self.locations, "location_id"),
            "procedures": (self.procedures.of_appointment, "id"),
        }
        batches: list[Awaitable[None]] = []
        for relation in sorted(set(relations)):
            loader, column = sources[relation]
            keys = dict.fromkeys(map(attrgetter(column), rows))
            keys.pop(None, None)  # an appointment without a type or confirmation status
            if keys:
                batches.append(loader.fill(keys))
        await asyncio.gather(*batches)


def _clear_caches(owner: object) -> None:
    """Empty the cache of every loader `owner` made, and of the loader groups it made."""
    for value in vars(owner).values():
        if isinstance(value, DataLoader):
            value.clear_all()
        elif isinstance(value, BlockoutLoaders | ScheduleLoaders | RecallLoaders | SetupLoaders):
            _clear_caches(value)
