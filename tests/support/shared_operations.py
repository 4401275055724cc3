"""The shared operations (graphql/operations): their documents, the demo token's headers, the
order the mutations' examples build on each other in, and the examples moved to the demo's week."""

from __future__ import annotations

import json

from db.demo import DemoCalendar
from db.demo.examples import moved_example
from tests.support.blockout_operations import BLOCKOUT_MUTATIONS
from tests.support.operation_chains import chained_variables
from tests.support.paths import OPERATIONS
from tests.support.settings_operations import SETTINGS_MUTATIONS

DOCUMENTS = sorted(OPERATIONS.glob("*.graphql"))
# The shared subscriptions run only over WebSocket (never over HTTP: OPERATION_NOT_ALLOWED), so
# the tests that run every operation over HTTP skip them; tests/api/test_live_shared_operations.py
# runs them over a real socket, with their example variables and by persisted id.
SUBSCRIPTIONS = ["CalendarChanges", "MyAppointmentChanges", "WaitlistChanges"]
HTTP_DOCUMENTS = [path for path in DOCUMENTS if path.stem not in SUBSCRIPTIONS]


def demo_headers() -> dict[str, str]:
    """The demo token's Authorization header, as the operations' README examples send it."""
    return json.loads((OPERATIONS / "demo.headers.json").read_text())


# Mutations run after the queries, in an order whose examples build on each other.
MUTATION_ORDER = [
    "HoldAppointment",
    "ConfirmBooking",
    "BookAppointment",
    "MoveAppointment",
    "CancelAppointment",
    # The cancel-then-fill walkthrough: offer the slot CancelAppointment freed to its top match.
    "LogWaitlistContact",
    "OfferWaitlistSlot",
    "RecordWaitlistResponse",
    "AddToWaitlist",
    "UpdateWaitlistEntry",
    "RemoveFromWaitlist",
    "BulkRemoveFromWaitlist",
    "BreakAppointment",
    "SendToPinboard",
    "PlaceFromPinboard",
    "TransitionAppointment",
    "UpdateAppointment",
    "UpdateAppointmentDetails",
    "AddAppointmentProcedure",
    "RemoveAppointmentProcedure",
    "DeleteAppointment",
    "SetAppointmentProviders",
    "SetConfirmationStatus",
    "DocumentAppointment",
    "BulkConfirmAppointments",
    "ImportAppointments",
    "SetPatientFlowStatus",
    "CreateLocation",
    # Practice setup: each on its own demo row or a new one.
    "UpdateLocation",
    "CreateOperatory",
    "UpdateOperatory",
    "CreateProvider",
    "CreateScheduleTemplate",  # Sunday hours for the provider CreateProvider made
    "UpdateProvider",
    "RegisterPatient",
    "UpdatePatient",
    "CreateAppointmentType",
    "UpdateAppointmentType",
    "UpdateAppointmentTypeOverlapRule",
    # Catalogs: each updates one demo entry and archives another.
    "CreateConfirmationStatus",
    "UpdateConfirmationStatus",
    "ArchiveConfirmationStatus",
    "CreatePatientFlowStatus",
    "UpdatePatientFlowStatus",
    "ArchivePatientFlowStatus",
    "CreateAppointmentReason",
    "UpdateAppointmentReason",
    "ArchiveAppointmentReason",
    "MergePatients",
    *SETTINGS_MUTATIONS,
    # Recalls: the periodic exam's trigger (D0120) goes; D1110 stays for the record's checks.
    "DeleteRecallTrigger",
    "CreateRecallType",
    "UpdateRecallType",
    *BLOCKOUT_MUTATIONS,
]


def example_variables(name: str, results: dict, demo: DemoCalendar) -> dict:
    """The operation's example variables moved to the demo's week (ids from earlier results: tests/support/operation_chains.py)."""
    variables = json.loads((OPERATIONS / f"{name}.json").read_text())
    variables = moved_example(variables, demo.anchor)
    return chained_variables(name, variables, results)
