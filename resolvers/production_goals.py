"""Production goals: list, create, update, upsert and delete (staff only)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from db.loaders import Loaders
from db.queries import production as queries
from db.rows.production import GoalRow
from resolvers.context import RequestContext
from resolvers.cursors import CursorList
from resolvers.errors import Duplicate, NotFound, Validation
from resolvers.mutation_runner import Transaction, Work, run_mutation
from resolvers.pages import Page, page_of, page_request
from scheduling.production import goal_amount_problem, money

MAX_RANGE_DAYS = 366


def check_range(first_day: date, last_day: date) -> int:
    """The number of days in [first_day, last_day]; VALIDATION if reversed or too long."""
    if last_day < first_day:
        raise Validation("`to` must not be before `from`", field="to")
    days = (last_day - first_day).days + 1
    if days > MAX_RANGE_DAYS:
        raise Validation(f"The range may cover at most {MAX_RANGE_DAYS} days", field="to")
    return days


def last_of(first_day: date, days: int) -> date:
    """The last date of `days` consecutive days from `first_day`."""
    return first_day + timedelta(days=days - 1)


GOALS = CursorList("productionGoals", tuple(key.kind for key in queries.GOAL_ORDER))


async def goal_page(
    ctx: RequestContext, where: queries.GoalFilter, *, first: int, after: str | None
) -> Page[GoalRow]:
    """A page of the organization's goals in the range, optionally of one location/provider."""
    check_range(where.first_day, where.last_day)
    request = page_request(first, after, GOALS)
    rows = await queries.list_goals(
        ctx.db,
        organization_id=ctx.viewer.organization_id,
        where=where,
        after=request.after,
        limit=request.limit,
    )
    return page_of(
        rows, request, GOALS, lambda r: (r.goal_date, r.location_id, r.provider_id, r.id)
    )


async def goal_count(ctx: RequestContext, where: queries.GoalFilter) -> int:
    """How many goals goal_page pages through."""
    return await queries.count_goals(
        ctx.db, organization_id=ctx.viewer.organization_id, where=where
    )


@dataclass(frozen=True, slots=True)
class GoalInput:
    """A provider's goal at a location on a date."""

    provider_id: uuid.UUID
    location_id: uuid.UUID
    goal_date: date
    goal_amount: Decimal


@dataclass(frozen=True, slots=True)
class GoalOutcome:
    """Which goal a mutation wrote, and whether it was created."""

    goal_id: uuid.UUID
    created: bool = False

    def forget(self, loaders: Loaders) -> None:
        """Goals are read without a cache: nothing to drop."""


def _amount(amount: Decimal) -> Decimal:
    problem = goal_amount_problem(amount)
    if problem is not None:
        raise Validation(problem, field="goalAmount")
    return money(amount)


async def _run(
    ctx: RequestContext,
    name: str,
    key: str | None,
    request: dict[str, Any],
    work: Work[GoalOutcome],
) -> GoalOutcome:
    """Run a goal mutation; the unique index of (provider, location, date) is DUPLICATE."""
    return await run_mutation(
        ctx,
        work,
        name=name,
        outcome=GoalOutcome,
        idempotency_key=key,
        request=request,
        duplicate=Duplicate(
            "A goal for this provider, location and date exists; "
            "use updateProductionGoal or upsertProductionGoal to change it",
            field="goalDate",
        ),
    )


async def _write_goal(
    ctx: RequestContext, name: str, new: GoalInput, key: str | None
) -> GoalOutcome:
    """Create (createProductionGoal) or create-or-update (upsertProductionGoal) a goal."""
    org = ctx.viewer.organization_id
    amount = _amount(new.goal_amount)
    values = {
        "organization_id": org,
        "provider_id": new.provider_id,
        "location_id": new.location_id,
        "goal_date": new.goal_date,
        "goal_amount": amount,
    }

    async def work(tx: Transaction) -> GoalOutcome:
        connection = tx.connection
        provider_ok, location_ok = await queries.references_exist(
            connection,
            organization_id=org,
            provider_id=new.provider_id,
            location_id=new.location_id,
        )
        if not provider_ok:
            raise NotFound("No such provider", field="providerId")
        if not location_ok:
            raise NotFound("No such location", field="locationId")
        if name == "createProductionGoal":
            goal = await queries.insert_goal(connection, values=values)
            return GoalOutcome(goal.id, created=True)
        upserted = await queries.upsert_goal(connection, values=values)
        return GoalOutcome(upserted.id, created=upserted.inserted)

    request = {key_: str(value) for key_, value in values.items() if key_ != "organization_id"}
    return await _run(ctx, name, key, request, work)


async def create_goal(
    ctx: RequestContext, new: GoalInput, *, idempotency_key: str | None
) -> GoalOutcome:
    """Create a goal; DUPLICATE when one exists for the provider, location and date."""
    return await _write_goal(ctx, "createProductionGoal", new, idempotency_key)


async def upsert_goal(
    ctx: RequestContext, new: GoalInput, *, idempotency_key: str | None
) -> GoalOutcome:
    """Create the goal, or set the amount of the one for the same provider, location, date."""
    return await _write_goal(ctx, "upsertProductionGoal", new, idempotency_key)


async def update_goal(
    ctx: RequestContext, goal_id: uuid.UUID, goal_amount: Decimal, *, idempotency_key: str | None
) -> GoalOutcome:
    """Set a goal's amount; NOT_FOUND for unknown or other organizations' goals."""
    org = ctx.viewer.organization_id
    amount = _amount(goal_amount)

    async def work(tx: Transaction) -> GoalOutcome:
        connection = tx.connection
        row = await queries.update_goal_amount(
            connection, organization_id=org, goal_id=goal_id, amount=amount
        )
        if row is None:
            raise NotFound("No such production goal", field="productionGoalId")
        return GoalOutcome(row.id)

    request = {"goal_id": str(goal_id), "goal_amount": str(amount)}
    return await _run(ctx, "updateProductionGoal", idempotency_key, request, work)


async def delete_goal(
    ctx: RequestContext, goal_id: uuid.UUID, *, idempotency_key: str | None
) -> uuid.UUID:
    """Delete a goal for good; NOT_FOUND for unknown or other organizations' goals."""
    org = ctx.viewer.organization_id

    async def work(tx: Transaction) -> GoalOutcome:
        connection = tx.connection
        row = await queries.delete_goal(connection, organization_id=org, goal_id=goal_id)
        if row is None:
            raise NotFound("No such production goal", field="productionGoalId")
        return GoalOutcome(row.id)

    request = {"goal_id": str(goal_id)}
    outcome = await _run(ctx, "deleteProductionGoal", idempotency_key, request, work)
    return outcome.goal_id


async def goals_by_ids(ctx: RequestContext, ids: Sequence[uuid.UUID]) -> list[GoalRow | None]:
    """Goals by id in order; None for unknown ids, other organizations' and for patients."""
    if ctx.viewer.is_patient or not ids:
        return [None] * len(ids)
    rows = await queries.goals_by_ids(ctx.db, organization_id=ctx.viewer.organization_id, ids=ids)
    found = {row.id: row for row in rows}
    return [found.get(ident) for ident in ids]
