"""The appointment record's details a client sets (ask-to-arrive offset, color override,
tags, modality, estimates, display order): checked once for bookAppointment and
updateAppointmentDetails alike."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from resolvers.errors import Validation
from scheduling.appointment_record import (
    ask_to_arrive_problem,
    color_problem,
    display_order_problem,
    estimate_problem,
    normalized_tags,
)
from scheduling.practice_kinds import Modality

# column -> the input field that sets it
DETAIL_FIELDS = {
    "ask_to_arrive_minutes": "askToArriveMinutes",
    "color_override": "colorOverride",
    "tags": "tags",
    "modality": "modality",
    "estimated_insurance": "estimatedInsurance",
    "estimated_patient_portion": "estimatedPatientPortion",
    "display_order": "displayOrder",
}
# Details that null does not clear (omit them to keep them).
NOT_NULL = ("modality", "display_order")


def checked_details(details: Mapping[str, Any]) -> dict[str, Any]:
    """The columns to write from the details given (column -> value; a value of None clears
    the offset and the color, and empties the tags); VALIDATION naming the first bad one."""
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"not appointment details: {sorted(unknown)}")
    values: dict[str, Any] = {}
    for column, value in details.items():
        values[column] = _checked(column, value)
    return values


def _checked(column: str, value: Any) -> Any:
    field = DETAIL_FIELDS[column]
    problem: str | None = None
    if column == "tags":
        tags, problem = normalized_tags(value or ())
        value = list(tags)
    elif value is None:
        if column in NOT_NULL:
            problem = f"{field} cannot be null (omit it to keep the current one)"
    elif column == "ask_to_arrive_minutes":
        problem = ask_to_arrive_problem(value)
    elif column == "color_override":
        problem = color_problem(value)
        value = value.upper()
    elif column == "modality":
        value = Modality(value).value
    elif column == "display_order":
        problem = display_order_problem(value)
    elif column.startswith("estimated_"):
        problem = estimate_problem(value, field)
        value = value.quantize(Decimal("0.01")) if problem is None else value
    if problem is not None:
        raise Validation(problem, field=field)
    return value
