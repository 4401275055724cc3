"""Runs one appointment mutation: transaction, idempotency, constraint errors, cache."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from db.idempotency import store_response
from db.queries.booking import blocking_bookings
from resolvers.context import RequestContext
from resolvers.errors import SlotConflict, Validation
from resolvers.idempotent import first_response
from resolvers.lifecycle.slot_guard import conflicts_under_rules
from scheduling.conflicts import Booking

EXCLUSION_VIOLATION = "23P01"
DEADLOCK_DETECTED = "40P01"
DEADLOCK_ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an appointment mutation changed: the ids of the appointments to return."""

    appointment_ids: tuple[uuid.UUID, ...]
    # JSON-ready details a payload needs besides the appointments (e.g. a bulk's skipped ids).
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The stored form, for idempotent retries."""
        data: dict[str, Any] = {"appointment_ids": [str(ident) for ident in self.appointment_ids]}
        if self.extra:
            data["extra"] = self.extra
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Outcome:
        """Back from the stored form."""
        ids = tuple(uuid.UUID(ident) for ident in data["appointment_ids"])
        return cls(ids, data.get("extra", {}))


Work = Callable[[AsyncConnection], Awaitable[Outcome]]


async def run_mutation(
    ctx: RequestContext,
    *,
    name: str,
    idempotency_key: str | None,
    request: dict[str, Any],
    work: Work,
    candidate_factory: Callable[[], Booking | None] | None = None,
) -> Outcome:
    """Run `work` in one transaction; a retried key replays the first outcome.

    `candidate_factory` gives the booking the work tried to write; when PostgreSQL's exclusion
    constraints reject it (a concurrent writer won), the conflicts are looked up and reported.
    """
    if idempotency_key is not None and not 1 <= len(idempotency_key) <= 200:
        raise Validation("idempotencyKey must be 1 to 200 characters", field="idempotencyKey")

    for tries_left in reversed(range(DEADLOCK_ATTEMPTS)):
        try:
            outcome = await _attempt(ctx, name, idempotency_key, request, work)
            break
        except DBAPIError as exc:
            state = getattr(exc.orig, "sqlstate", None)
            # Two transactions inserting conflicting rows under an exclusion constraint can
            # deadlock instead of one waiting for the other; PostgreSQL aborts one while the
            # other may still be running. Running the loser again makes it wait properly and
            # then see the winner (as a conflict) or succeed if the winner rolled back.
            if state == DEADLOCK_DETECTED and tries_left:
                continue
            candidate = candidate_factory() if candidate_factory else None
            if candidate is not None and state == EXCLUSION_VIOLATION:
                raise await _conflict_error(ctx, candidate) from exc
            raise
    for ident in outcome.appointment_ids:
        ctx.loaders.forget_appointment(ident)
    return outcome


async def _attempt(
    ctx: RequestContext,
    name: str,
    idempotency_key: str | None,
    request: dict[str, Any],
    work: Work,
) -> Outcome:
    """One transaction: the key's first outcome if this is a retry, else the work's, stored
    under the key."""
    async with ctx.db.transaction() as connection:
        if idempotency_key is not None:
            first = await _first_outcome(connection, ctx, name, idempotency_key, request)
            if first is not None:
                return first
        result = await work(connection)
        if idempotency_key is not None:
            await store_response(
                connection,
                organization_id=ctx.viewer.organization_id,
                actor=ctx.viewer.subject,
                key=idempotency_key,
                response=result.as_json(),
            )
        return result


async def _first_outcome(
    connection: AsyncConnection,
    ctx: RequestContext,
    name: str,
    idempotency_key: str,
    request: dict[str, Any],
) -> Outcome | None:
    """The outcome stored by the key's first request when this is its retry, None when this
    request is the first (it stores its outcome later)."""
    first = await first_response(
        connection, ctx, name=name, idempotency_key=idempotency_key, request=request
    )
    return None if first is None else Outcome.from_json(first)


async def _conflict_error(ctx: RequestContext, candidate: Booking) -> SlotConflict:
    """The conflicts that made PostgreSQL refuse the candidate, read after the rollback."""
    async with ctx.db.transaction() as connection:
        existing = await blocking_bookings(
            connection,
            organization_id=ctx.viewer.organization_id,
            operatory_id=candidate.operatory_id,
            provider_ids=sorted(candidate.provider_ids),
            start_at=candidate.start_at,
            end_at=candidate.end_at,
        )
        conflicts = await conflicts_under_rules(
            connection,
            organization_id=ctx.viewer.organization_id,
            candidate=candidate,
            existing=existing,
        )
    return SlotConflict("The slot was taken by a concurrent booking", conflicts=conflicts)
