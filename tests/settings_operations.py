"""The per-user settings examples among the shared operations (tests/test_operations.py): their
order and what they must have done; and the ids examples pass on (ConfirmBooking's as well)."""

from __future__ import annotations

from typing import Any

# Run after the other mutations: each view and search made, changed and deleted.
SETTINGS_MUTATIONS = [
    "UpdatePatientSchedulingPreferences",
    "CreateScheduleView",
    "UpdateScheduleView",
    "DeleteScheduleView",
    "CreateSavedSearch",
    "UpdateSavedSearch",
    "DeleteSavedSearch",
]
# example -> (the example that created the row, its mutation field, node, the input field)
CHAINED = {
    "ConfirmBooking": ("HoldAppointment", "bookAppointment", "appointment", "appointmentId"),
    "UpdateScheduleView": (
        "CreateScheduleView",
        "createScheduleView",
        "scheduleView",
        "scheduleViewId",
    ),
    "DeleteScheduleView": (
        "CreateScheduleView",
        "createScheduleView",
        "scheduleView",
        "scheduleViewId",
    ),
    "UpdateSavedSearch": ("CreateSavedSearch", "createSavedSearch", "savedSearch", "savedSearchId"),
    "DeleteSavedSearch": ("CreateSavedSearch", "createSavedSearch", "savedSearch", "savedSearchId"),
}


def chain_settings(name: str, variables: dict[str, Any], results: dict[str, Any]) -> None:
    """Put the id an earlier example created into this example's input (its JSON names it)."""
    if name in CHAINED:
        creator, field, node, key = CHAINED[name]
        variables["input"][key] = results[creator][field][node]["id"]


def check_user_settings(results: dict[str, Any]) -> None:
    """The settings examples saved, changed and deleted what they name."""
    prefs = results["UpdatePatientSchedulingPreferences"]["updatePatientSchedulingPreferences"]
    assert prefs["patient"]["schedulingPreferences"]["daysOfWeek"] == ["MONDAY", "WEDNESDAY"]
    view = results["UpdateScheduleView"]["updateScheduleView"]["scheduleView"]
    assert (view["name"], view["isDefault"], view["version"]) == ("Hygiene (mornings)", True, 2)
    assert results["DeleteScheduleView"]["deleteScheduleView"]["deletedId"] == view["id"]
    search = results["UpdateSavedSearch"]["updateSavedSearch"]["savedSearch"]
    assert (search["name"], search["appointmentFilter"]["statuses"]) == (
        "Unconfirmed this week",
        ["SCHEDULED"],
    )
    assert results["DeleteSavedSearch"]["deleteSavedSearch"]["deletedId"] == search["id"]
    assert results["PreferredSlots"]["availableSlots"]
