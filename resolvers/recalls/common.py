"""What recall resolvers share: the DUPLICATE error, role checks, input checks, the idempotent
run that maps constraint violations, and the clock recalls are read against."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy.exc import IntegrityError

from resolvers.context import RequestContext
from resolvers.errors import ClientError, NotFound, Validation
from resolvers.idempotent import Work, run_idempotent
from scheduling.recalls import MAX_PROCEDURE_CODES, interval_problem

UNIQUE_VIOLATION = "23505"
FOREIGN_KEY_VIOLATION = "23503"


class Duplicate(ClientError):
    """A unique rule of recalls would be broken."""

    code = "DUPLICATE"


def check_name(value: str) -> str:
    """A recall type's name, stripped; VALIDATION unless 1 to 100 characters."""
    name = value.strip()
    if not 1 <= len(name) <= 100:
        raise Validation("The name must be 1 to 100 characters", field="name")
    return name


def check_procedure_code(value: str) -> str:
    """A procedure code, stripped and upper-cased; VALIDATION unless 1 to 20 characters."""
    code = value.strip().upper()
    if not 1 <= len(code) <= 20:
        raise Validation("The procedure code must be 1 to 20 characters", field="procedureCode")
    return code


def check_procedure_codes(values: Iterable[str], field: str) -> tuple[str, ...]:
    """Procedure codes as stored: each as check_procedure_code keeps it, duplicates dropped
    (first kept), at most MAX_PROCEDURE_CODES; VALIDATION on `field` otherwise."""
    codes: dict[str, None] = {}
    for value in values:
        try:
            codes.setdefault(check_procedure_code(value), None)
        except Validation as exc:
            raise Validation(exc.message, field=field) from exc
    if len(codes) > MAX_PROCEDURE_CODES:
        raise Validation(f"At most {MAX_PROCEDURE_CODES} procedure codes", field=field)
    return tuple(codes)


def check_interval(months: int, field: str) -> int:
    """A recall interval in months; VALIDATION on `field` when the rules reject it."""
    problem = interval_problem(months)
    if problem is not None:
        raise Validation(problem, field=field)
    return months


def check_note(value: str | None) -> str | None:
    """A recall's note; VALIDATION when longer than 2000 characters."""
    if value is not None and len(value) > 2000:
        raise Validation("The note may be at most 2000 characters", field="note")
    return value


async def run_mutation(
    ctx: RequestContext,
    name: str,
    key: str | None,
    request: dict[str, Any],
    work: Work,
    *,
    duplicate: tuple[str, str],
) -> uuid.UUID:
    """Run a recall mutation; constraint violations become DUPLICATE or NOT_FOUND."""
    try:
        result = await run_idempotent(
            ctx, name=name, idempotency_key=key, request=request, work=work
        )
    except IntegrityError as exc:
        state = getattr(exc.orig, "sqlstate", None)
        if state == UNIQUE_VIOLATION:
            message, field = duplicate
            raise Duplicate(message, field=field) from exc
        if state == FOREIGN_KEY_VIOLATION:  # deleted by someone else meanwhile
            raise NotFound("A referenced object no longer exists") from exc
        raise
    return uuid.UUID(result["id"])
