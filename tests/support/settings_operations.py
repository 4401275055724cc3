"""The per-user settings examples among the shared operations (tests/api/test_operations.py):
their order and what they must have done (the ids they pass on: operation_chains)."""

from __future__ import annotations

from typing import Any

# Run after the other mutations: each view and search made, changed and deleted.
SETTINGS_MUTATIONS = [
    "UpdatePatientSchedulingPreferences",
    "CreateScheduleView",
    "UpdateScheduleView",
    "DeleteScheduleView",
    "CreateSavedSearch",
    "CreateFreeTimeSearch",
    "UpdateSavedSearch",
    "DeleteSavedSearch",
]


def check_user_settings(results: dict[str, Any]) -> None:
    """The settings examples saved, changed and deleted what they name."""
    prefs = results["UpdatePatientSchedulingPreferences"]["updatePatientSchedulingPreferences"]
    assert prefs["patient"]["schedulingPreferences"]["daysOfWeek"] == ["MONDAY", "WEDNESDAY"]
    view = results["UpdateScheduleView"]["updateScheduleView"]["scheduleView"]
    assert (view["name"], view["isDefault"], view["version"]) == ("Hygiene (mornings)", True, 2)
    assert view["display"]["timeStepMinutes"] == 15
    assert results["DeleteScheduleView"]["deleteScheduleView"]["deletedId"] == view["id"]
    search = results["UpdateSavedSearch"]["updateSavedSearch"]["savedSearch"]
    assert (search["name"], search["appointmentFilter"]["statuses"]) == (
        "Unconfirmed this week",
        ["SCHEDULED"],
    )
    assert results["DeleteSavedSearch"]["deleteSavedSearch"]["deletedId"] == search["id"]
    free = results["CreateFreeTimeSearch"]["createSavedSearch"]["savedSearch"]
    assert (free["kind"], free["isDefault"], free["slotSearch"]["first"]) == ("FREE_TIME", True, 20)
    assert results["PreferredSlots"]["availableSlots"]
