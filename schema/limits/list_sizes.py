"""How many items the cost formula assumes each list field returns.

A list with a page-size argument counts that argument (`first`, default included; a
connection's `edges` count their connection's `first`), as the resolvers cap it.
`nodes(ids:)` counts its ids, importAppointments' result rows the rows given. Date-range
lists count days x a per-day figure. Lists the schema does not cap (an organization's
locations, an appointment's providers) count a typical figure below; anything else counts
DEFAULT_LIST_SIZE.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

# Expected appointments in one location's day: the demo's busiest week averages ~100.
APPOINTMENTS_PER_DAY = 150
DEFAULT_LIST_SIZE = 10
MAX_RANGE_DAYS = 366

# (type, field) -> items assumed, for lists without a page-size argument.
TYPICAL_SIZES: Mapping[tuple[str, str], int] = {
    ("CalendarWeek", "days"): 7,
    ("CalendarMonth", "days"): 31,
    ("CalendarDay", "appointments"): APPOINTMENTS_PER_DAY,
    ("CalendarDay", "operatories"): 20,
    ("CalendarWeek", "operatories"): 20,
    ("CalendarDay", "providerSchedules"): 20,
    ("CalendarDay", "blockouts"): 20,
    ("Location", "operatories"): 20,
    ("Appointment", "providers"): 3,
    ("Appointment", "additionalProviders"): 3,
    ("Appointment", "providerAssignments"): 3,
    ("Appointment", "procedures"): 3,  # at most 20 (addAppointmentProcedure)
    ("ResolvedSchedule", "periods"): 4,
    ("ImportRowResult", "errors"): 1,
    ("ProductionSummary", "byProvider"): 20,
    ("ProductionSummary", "byDay"): 31,
    ("Query", "locations"): 20,
    ("Query", "appointmentTypes"): 50,
    ("Query", "locationSchedules"): 50,
    ("Query", "scheduleTemplates"): 100,
    ("Query", "appointmentTypeOverlapRules"): 50,
    ("Query", "blockoutTypes"): 20,
    ("Query", "blockoutTemplates"): 20,
    ("Query", "recallTypes"): 20,
    ("Query", "recallTriggers"): 20,
    ("Query", "patientFlowStatuses"): 20,
    ("Query", "confirmationStatuses"): 20,
    ("Query", "appointmentReasons"): 20,
    ("Query", "appointmentCountsByReason"): 20,
    # Introspection: GraphiQL's query reads every type (~250 here) with its fields.
    ("__Schema", "types"): 250,
    ("__Field", "args"): 3,
    ("__Type", "interfaces"): 2,
    ("__Type", "possibleTypes"): 5,
}

# (type, field) -> items per day of its `from`..`to` range.
PER_DAY_SIZES: Mapping[tuple[str, str], int] = {
    ("Query", "scheduleNotes"): 1,
}

PAGE_ARGUMENTS = ("first", "last")


def _days(value_from: Any, value_to: Any) -> int:
    """Days in an inclusive range of ISO dates (or date-times); the cap if unreadable."""
    try:
        start = date.fromisoformat(str(value_from)[:10])
        end = date.fromisoformat(str(value_to)[:10])
    except ValueError:
        return MAX_RANGE_DAYS
    return min(max((end - start).days + 1, 1), MAX_RANGE_DAYS)


def page_size(arguments: Mapping[str, Any]) -> int | None:
    """The page size a field's arguments ask for, if it takes one."""
    for name in PAGE_ARGUMENTS:
        value = arguments.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            return max(value, 0)
    opening = arguments.get("opening")  # quickFill's input carries its `first`
    if isinstance(opening, Mapping) and isinstance(opening.get("first"), int):
        return max(int(opening["first"]), 0)
    given = arguments.get("input")  # importAppointments answers a result per row given
    if isinstance(given, Mapping) and isinstance(given.get("rows"), list):
        return len(given["rows"])
    return None


def list_size(
    type_name: str, field_name: str, arguments: Mapping[str, Any], connection_page: int | None
) -> int:
    """Items assumed for one list field (see the module's docstring)."""
    asked = page_size(arguments)
    if asked is not None:
        return asked
    if field_name in ("edges", "nodes") and type_name.endswith("Connection"):
        return connection_page if connection_page is not None else DEFAULT_LIST_SIZE
    if (type_name, field_name) == ("ImportAppointmentsPayload", "rows"):
        return connection_page if connection_page is not None else DEFAULT_LIST_SIZE
    if (type_name, field_name) == ("Query", "nodes"):
        ids = arguments.get("ids")
        return len(ids) if isinstance(ids, list) else DEFAULT_LIST_SIZE
    per_day = PER_DAY_SIZES.get((type_name, field_name))
    if per_day is not None:
        return per_day * _days(arguments.get("from"), arguments.get("to"))
    return TYPICAL_SIZES.get((type_name, field_name), DEFAULT_LIST_SIZE)
