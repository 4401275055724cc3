"""The shared operations' demo walkthrough (test_operations): the ids an example needs from
an earlier one, and what the appointment record's operations did."""

from __future__ import annotations

from tests.support.blockout_operations import BLOCKOUT_CHAINS, first_created_blockout

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
    "CreateScheduleTemplate": ("CreateProvider", "createProvider", "provider", "providerId"),
    "UpdateSavedSearch": ("CreateSavedSearch", "createSavedSearch", "savedSearch", "savedSearchId"),
    "DeleteSavedSearch": ("CreateSavedSearch", "createSavedSearch", "savedSearch", "savedSearchId"),
    "UpdateRecallType": ("CreateRecallType", "createRecallType", "recallType", "recallTypeId"),
    **BLOCKOUT_CHAINS,
}


def chained_variables(name: str, variables: dict, results: dict) -> dict:
    """The example variables with the ids that exist only once an earlier example ran: the
    hold HoldAppointment made (the README shows the same chain), the views and searches the
    settings examples made, the procedure AddAppointmentProcedure recorded, the blockout and
    template the blockout examples made."""
    if name in CHAINED:
        creator, field, node, key = CHAINED[name]
        variables["input"][key] = results[creator][field][node]["id"]
    if name == "RemoveAppointmentProcedure":
        added = results["AddAppointmentProcedure"]["addAppointmentProcedure"]["appointment"]
        variables["input"]["procedureId"] = added["procedures"][0]["id"]
    if name == "UpdateBlockout":
        variables["input"]["blockoutId"] = first_created_blockout(results)
    return variables


def check_appointment_record(results: dict) -> None:
    """The record's details, and a procedure recorded with its frequency check, then removed."""
    booked = results["BookAppointment"]["bookAppointment"]["appointment"]
    assert booked["status"] == "SCHEDULED"
    details = results["UpdateAppointmentDetails"]["updateAppointmentDetails"]["appointment"]
    assert (details["version"], details["tags"], details["colorOverride"]) == (
        2, ["new patient", "needs x-rays"], "#D9480F")  # fmt: skip
    assert (details["askToArriveMinutes"], details["source"]) == (15, "STAFF")
    added = results["AddAppointmentProcedure"]["addAppointmentProcedure"]["appointment"]
    cleaning = added["procedures"][0]
    assert (added["version"], cleaning["code"], cleaning["fee"], cleaning["order"]) == (
        2, "D1110", "95.00", 0)  # fmt: skip
    assert cleaning["frequency"]["intervalMonths"] == 6  # the demo's hygiene recall
    removed = results["RemoveAppointmentProcedure"]["removeAppointmentProcedure"]["appointment"]
    assert (removed["version"], removed["procedures"]) == (3, [])
    # no procedure of the visit has D1110 now: the code goes (the type's D0274 stays)
    assert removed["procedureCodes"] == ["D0274"]
    deleted = results["DeleteAppointment"]["deleteAppointment"]["deletedAppointmentId"]
    assert deleted.startswith("QXBwb2ludG1lbnQ6")  # an Appointment's global id
