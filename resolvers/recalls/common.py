"""What recall resolvers share: input checks."""

from __future__ import annotations

from collections.abc import Iterable

from resolvers.errors import Validation
from scheduling.recalls import MAX_PROCEDURE_CODES, interval_problem


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
