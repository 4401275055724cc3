"""The one way every mutation runs: its transaction, its idempotency key, what PostgreSQL's
refusals mean to the client, retries of transactions PostgreSQL aborted, and fresh caches.

A mutation's resolver checks its input, then hands `run_mutation` the work to do inside the
transaction (a function of a `Transaction`, its connection and its audit journal, that returns
a typed outcome, resolvers/outcomes.py) and says what a unique or exclusion violation means for
it. The runner:

- checks the idempotency key and claims it inside the transaction: a retry with the same key
  and input gets the first outcome back (and changes nothing), a retry with another input is
  VALIDATION, and a concurrent retry waits for the first to end; a failed attempt rolls back
  its work and its key together;
- owns the audit entries: the work records them, typed, on the attempt's journal
  (db/audit_journal.py) and the runner writes them all, in the same transaction and before
  it stores the key's outcome, one statement per trail (db/queries/audit_writes.py, the only
  writer of appointment_history, waitlist_history and setup_changes); a failed or retried
  attempt's entries go with it, and a replayed outcome writes none;
- turns constraint violations into client errors: a unique violation into the DUPLICATE the
  mutation declares, a foreign-key violation (a row deleted meanwhile) into NOT_FOUND, an
  exclusion violation into what the mutation's hook reports (a booking's conflicts);
- runs the whole transaction again, up to ATTEMPTS times, when PostgreSQL aborted it as a
  serialization failure or a deadlock victim: the other transaction has gone on, and the
  next attempt sees its result (a conflict, or room once it rolled back);
- drops what the request's loaders cached of the rows the outcome names.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from db.audit_journal import Journal
from db.idempotency import claim_key, request_hash, store_response
from db.queries.audit_writes import write_journal
from resolvers.context import RequestContext
from resolvers.errors import ClientError, Duplicate, NotFound, Validation
from resolvers.input_limits import check_idempotency_key
from resolvers.outcomes import OutcomeT, Written, from_json, to_json

# PostgreSQL's SQLSTATEs the runner answers.
UNIQUE_VIOLATION = "23505"
FOREIGN_KEY_VIOLATION = "23503"
EXCLUSION_VIOLATION = "23P01"
SERIALIZATION_FAILURE = "40001"
DEADLOCK_DETECTED = "40P01"
RETRIED = frozenset({SERIALIZATION_FAILURE, DEADLOCK_DETECTED})
ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class Transaction:
    """What a mutation's work runs in: one attempt's connection, and the journal its audit
    entries are recorded on (the runner writes them)."""

    connection: AsyncConnection
    journal: Journal = field(default_factory=Journal)


Work = Callable[[Transaction], Awaitable[OutcomeT]]
# Called after an exclusion violation rolled the transaction back: the client error that
# explains it, or None when it cannot (the violation then stays an internal error).
ExclusionHook = Callable[[], Awaitable[ClientError | None]]


async def run_mutation(
    ctx: RequestContext,
    work: Work[OutcomeT],
    *,
    name: str,
    outcome: type[OutcomeT],
    idempotency_key: str | None,
    request: Mapping[str, Any],
    duplicate: Duplicate | None = None,
    exclusion: ExclusionHook | None = None,
) -> OutcomeT:
    """Run `work` in one transaction as the module's docstring says; its outcome.

    `name` and `request` identify the input an idempotency key was first used with (the
    request's values are fingerprinted as JSON, non-JSON values by their text); `outcome` is
    the type `work` returns, for a replay. Without `duplicate`, a unique violation is not the
    client's doing and stays an internal error.
    """
    check_idempotency_key(idempotency_key)
    attempt = 1
    while True:
        try:
            result: OutcomeT = await _attempt(
                ctx, work, name, outcome, idempotency_key, dict(request)
            )
        except DBAPIError as exc:
            state = sqlstate(exc)
            if state in RETRIED and attempt < ATTEMPTS:
                attempt += 1
                continue
            refusal = await _refusal(state, duplicate, exclusion)
            if refusal is None:
                raise
            raise refusal from exc
        result.forget(ctx.loaders)
        return result


async def run_row_mutation(
    ctx: RequestContext,
    work: Work[Written],
    *,
    name: str,
    idempotency_key: str | None,
    request: Mapping[str, Any],
    duplicate: Duplicate | None = None,
) -> uuid.UUID:
    """`run_mutation` of a mutation that writes one row: the row's id."""
    written = await run_mutation(
        ctx,
        work,
        name=name,
        outcome=Written,
        idempotency_key=idempotency_key,
        request=request,
        duplicate=duplicate,
    )
    return written.id


def sqlstate(error: DBAPIError) -> str | None:
    """The SQLSTATE PostgreSQL answered with (asyncpg's error under SQLAlchemy's)."""
    return getattr(error.orig, "sqlstate", None)


async def _attempt(
    ctx: RequestContext,
    work: Work[OutcomeT],
    name: str,
    outcome: type[OutcomeT],
    idempotency_key: str | None,
    request: dict[str, Any],
) -> OutcomeT:
    """One transaction: the key's first outcome when this is its retry, else the work's,
    stored under the key."""
    viewer = ctx.viewer
    async with ctx.db.transaction() as connection:
        if idempotency_key is not None:
            claim = await claim_key(
                connection,
                organization_id=viewer.organization_id,
                actor=viewer.subject,
                key=idempotency_key,
                mutation=name,
                fingerprint=request_hash(name, request),
            )
            if not claim.same_request:
                raise Validation(
                    "This idempotencyKey was used with a different input", field="idempotencyKey"
                )
            if claim.response is not None:
                return _replayed(outcome, claim.response)
        transaction = Transaction(connection)
        result = await work(transaction)
        await write_journal(
            connection,
            journal=transaction.journal,
            organization_id=viewer.organization_id,
            actor=viewer.subject,
        )
        if idempotency_key is not None:
            await store_response(
                connection,
                organization_id=viewer.organization_id,
                actor=viewer.subject,
                key=idempotency_key,
                response=to_json(result),
            )
        return result


def _replayed(outcome: type[OutcomeT], stored: dict[str, Any]) -> OutcomeT:
    """The first outcome, as the key stored it."""
    try:
        return from_json(outcome, stored)
    except (KeyError, TypeError, ValueError) as exc:
        # Stored by an earlier version of the mutation, whose outcome had another shape.
        raise Validation(
            "This idempotencyKey's first result was stored by an earlier version of the API; "
            "send the request with a new key",
            field="idempotencyKey",
        ) from exc


async def _refusal(
    state: str | None, duplicate: Duplicate | None, exclusion: ExclusionHook | None
) -> ClientError | None:
    """The client error a constraint violation means for this mutation, if any."""
    if state == UNIQUE_VIOLATION:
        return duplicate
    if state == FOREIGN_KEY_VIOLATION:
        return NotFound("Something this change refers to was deleted meanwhile")
    if state == EXCLUSION_VIOLATION and exclusion is not None:
        return await exclusion()
    return None
