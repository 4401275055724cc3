"""A patient's scheduling preferences (seed 002): preferred days of the week, local time-of-day
windows, providers, locations and operatories, a contact method, notes, and whether they were
learned from the patient's history. Staff and integrations read and set any patient's of their
organization, and list them across patients; a patient token only its own (another patient's
is NOT_FOUND)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import time
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import preference_lists as lists
from db.queries import user_settings as queries
from db.queries.practice import PATIENTS
from db.rows.user_settings import PreferenceRow
from db.tables import locations, operatories, providers
from resolvers.context import RequestContext
from resolvers.cursors import CursorList
from resolvers.errors import Validation, VersionConflict
from resolvers.input_limits import check_length
from resolvers.mutation_runner import Transaction, run_row_mutation
from resolvers.outcomes import Written
from resolvers.pages import Page, page_of, page_request
from resolvers.setup import rows
from resolvers.user_settings import owned

MAX_WINDOWS = 12
PREFERENCES = CursorList("patientSchedulingPreferences", ("uuid",))
LABEL = "patient"


@dataclass(frozen=True, slots=True)
class Preferences:
    """A patient's preferences as a client sets them (the whole set at once)."""

    patient_id: uuid.UUID
    base_version: int | None  # None: none saved yet
    days_of_week: list[int]
    windows: list[tuple[time, time]]
    provider_ids: list[uuid.UUID]
    location_ids: list[uuid.UUID]
    operatory_ids: list[uuid.UUID] = field(default_factory=list)
    contact_method: str | None = None
    notes: str = ""
    learned_from_history: bool = False


def minutes(value: time) -> int:
    """Minutes after midnight (seconds dropped)."""
    return value.hour * 60 + value.minute


def _clean(prefs: Preferences) -> dict[str, Any]:
    """The row's values; VALIDATION for an empty or reversed window or too many."""
    if len(prefs.windows) > MAX_WINDOWS:
        raise Validation(f"timeWindows takes at most {MAX_WINDOWS} windows", field="timeWindows")
    windows = sorted(set((minutes(start), minutes(end)) for start, end in prefs.windows))
    for start, end in windows:
        if end <= start:
            raise Validation("Each time window must end after it starts", field="timeWindows")
    return {
        "days_of_week": sorted(set(prefs.days_of_week)),
        "window_starts": [start for start, _ in windows],
        "window_ends": [end for _, end in windows],
        "provider_ids": owned.distinct(prefs.provider_ids, field="preferredProviderIds"),
        "location_ids": owned.distinct(prefs.location_ids, field="preferredLocationIds"),
        "operatory_ids": owned.distinct(prefs.operatory_ids, field="preferredOperatoryIds"),
        "contact_method": prefs.contact_method,
        "notes": _notes(prefs.notes),
        "learned_from_history": prefs.learned_from_history,
    }


def _notes(notes: str) -> str:
    """Trimmed notes (blank: none), or VALIDATION beyond MAX_NOTE characters."""
    clean = notes.strip()
    check_length(clean, field="notes")
    return clean


def may_use(ctx: RequestContext, patient_id: uuid.UUID) -> bool:
    """Whether the caller may read this patient's preferences (a patient naming another's in
    updatePatientSchedulingPreferences is refused by its declared rule)."""
    return ctx.viewer.may_see_patient(patient_id)


async def patient_preferences(ctx: RequestContext, patient_id: uuid.UUID) -> PreferenceRow | None:
    """The patient's saved preferences; None when none are saved or not the caller's to see."""
    if not may_use(ctx, patient_id):
        return None
    # Batched: a page of patients reads all their preferences in one statement.
    return await ctx.loaders.patient_preferences.load(patient_id)


async def preference_page(
    ctx: RequestContext, spec: lists.PreferenceFilter, *, first: int, after: str | None
) -> Page[PreferenceRow]:
    """A page of the organization's saved preferences matching `spec`, by patient id (staff
    and integrations: the field's access rule keeps patients out)."""
    request = page_request(first, after, PREFERENCES)
    found = await lists.list_preferences(
        ctx.db,
        organization_id=ctx.viewer.organization_id,
        spec=spec,
        after=request.after,
        limit=request.limit,
    )
    return page_of(found, request, PREFERENCES, lambda row: (row.patient_id,))


async def preference_count(ctx: RequestContext, spec: lists.PreferenceFilter) -> int:
    """How many saved preferences match `spec`."""
    return await lists.count_preferences(
        ctx.db, organization_id=ctx.viewer.organization_id, spec=spec
    )


async def _check_references(
    connection: AsyncConnection, ctx: RequestContext, values: dict[str, Any]
) -> None:
    await owned.require_ids(
        connection,
        ctx,
        providers,
        values["provider_ids"],
        field="preferredProviderIds",
        label="provider",
    )
    await owned.require_ids(
        connection,
        ctx,
        locations,
        values["location_ids"],
        field="preferredLocationIds",
        label="location",
    )
    await owned.require_ids(
        connection,
        ctx,
        operatories,
        values["operatory_ids"],
        field="preferredOperatoryIds",
        label="operatory",
    )


def _check_version(current: PreferenceRow | None, base_version: int | None) -> None:
    """VERSION_CONFLICT unless the client saw the current version (None: none saved)."""
    version = current.version if current is not None else None
    if version == base_version:
        return
    saw = "none saved" if base_version is None else f"version {base_version}"
    now = "none are saved" if version is None else f"they are at version {version}"
    raise VersionConflict(
        f"These preferences changed meanwhile: {now}, not {saw}; read them again and resend",
        field="baseVersion",
    )


async def set_preferences(
    ctx: RequestContext, prefs: Preferences, *, idempotency_key: str | None
) -> uuid.UUID:
    """Save the patient's preferences at `base_version` (None: none saved yet); the patient's
    id."""
    values = _clean(prefs)
    org = ctx.viewer.organization_id

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        # A patient naming another patient is refused first (declared: PREFERENCE_EDITORS).
        # The patient's row, locked: one writer of its preferences at a time.
        await rows.locked_row(
            connection, ctx, PATIENTS, prefs.patient_id, field="patientId", label=LABEL
        )
        current = await queries.preferences_in_transaction(
            connection, organization_id=org, patient_id=prefs.patient_id
        )
        _check_version(current, prefs.base_version)
        await _check_references(connection, ctx, values)
        await queries.save_preferences(
            connection,
            organization_id=org,
            patient_id=prefs.patient_id,
            values=values,
            exists=current is not None,
        )
        action = "UPDATED" if current is not None else "CREATED"
        rows.audit(tx.journal, queries.preferences, prefs.patient_id, action, values)
        return Written(prefs.patient_id)

    return await run_row_mutation(
        ctx,
        work,
        name="setPatientSchedulingPreferences",
        idempotency_key=idempotency_key,
        request={"patient_id": prefs.patient_id, "base_version": prefs.base_version, **values},
    )
