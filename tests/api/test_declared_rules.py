"""The rules finer than a role declared with each mutation's Access (resolvers/access.py),
through the schema: a patient breaking any one of them is refused with its error at its
path before anything else is checked, and no row of any table changes.

The rules are enumerated from the schema's declarations, so a new one fails
`test_every_declared_patient_rule_has_a_case` until it has a case here.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from resolvers.access_rules import InputRule
from resolvers.viewer import Role
from schema.permissions import declared_access
from tests.support.database import snapshot
from tests.support.factories import Practice, global_id, make_patient, make_practice
from tests.support.lifecycle_documents import BOOK, CANCEL, CONFIRM, MOVE, booked, booking_input
from tests.support.root_fields import MUTATION
from tests.support.settings_documents import UPDATE_PREFERENCES


def _booking(practice: Practice, _: str, other: str) -> dict[str, Any]:
    return booking_input(practice)


def _move(practice: Practice, appointment: str, _: str) -> dict[str, Any]:
    return {
        "appointmentId": appointment,
        "baseVersion": 1,
        "slot": {"date": "2030-01-08", "startTime": "10:00"},
    }


def _cancel(practice: Practice, appointment: str, _: str) -> dict[str, Any]:
    return {"appointmentId": appointment, "baseVersion": 1, "cancelledBy": "PATIENT"}


def _preferences(practice: Practice, _: str, other: str) -> dict[str, Any]:
    return {"patientId": global_id("Patient", practice.patient.id), "daysOfWeek": ["MONDAY"]}


# mutation -> (document, a patient's input breaking none of its rules)
Base = Callable[[Practice, str, str], dict[str, Any]]
MUTATIONS: dict[str, tuple[str, Base]] = {
    "bookAppointment": (BOOK, _booking),
    "moveAppointment": (MOVE, _move),
    "cancelAppointment": (CANCEL, _cancel),
    "updatePatientSchedulingPreferences": (UPDATE_PREFERENCES, _preferences),
}
OTHER_PATIENT = "<another patient's ID>"
# (mutation, input field) -> a value that breaks the rule declared on it
BREAKING: dict[tuple[str, str], Any] = {
    ("bookAppointment", "patientId"): OTHER_PATIENT,
    ("bookAppointment", "allowOverlap"): True,
    # an ID naming nothing: the rule is refused before anything is looked up
    ("bookAppointment", "patientRecallIds"): [global_id("PatientRecall", uuid.uuid4())],
    ("bookAppointment", "procedureCodes"): ["D1110"],
    ("bookAppointment", "status"): "PLANNED",
    ("bookAppointment", "askToArriveMinutes"): 15,
    ("bookAppointment", "colorOverride"): "#112233",
    ("bookAppointment", "tags"): ["vip"],
    ("bookAppointment", "appointmentTypeId"): None,
    ("moveAppointment", "allowOverlap"): True,
    ("moveAppointment", "overridePolicy"): True,
    ("cancelAppointment", "cancelledBy"): "PRACTICE",
    ("cancelAppointment", "overridePolicy"): True,
    ("updatePatientSchedulingPreferences", "patientId"): OTHER_PATIENT,
}


def patient_rules() -> list[tuple[str, InputRule]]:
    """Every input rule binding patients that a mutation declares, in schema order."""
    found = []
    for name, field in MUTATION.fields.items():
        access = declared_access(field.extensions["strawberry-definition"])
        assert access is not None
        found += [
            (name, rule)
            for rule in access.rules
            if isinstance(rule, InputRule) and rule.role is Role.PATIENT
        ]
    return found


RULES = patient_rules()


def test_every_declared_patient_rule_has_a_case():
    declared = {(name, rule.path[-1]) for name, rule in RULES}
    assert declared == set(BREAKING)
    assert all(rule.path[0] == "input" and len(rule.path) == 2 for _, rule in RULES)
    # codes every mutation's userErrors list (tests/api/test_user_errors.py)
    assert {rule.error.code for _, rule in RULES} <= {"FORBIDDEN", "NOT_FOUND", "VALIDATION"}


def _case_id(case: tuple[str, InputRule]) -> str:
    return f"{case[0]}.{case[1].path[-1]}"


@pytest.mark.parametrize("case", RULES, ids=_case_id)
async def test_a_patient_breaking_a_declared_rule_is_refused_and_nothing_changes(
    engine, execute, case
):
    name, rule = case
    practice = await make_practice(engine)
    appointment = (await booked(execute, practice))["id"]
    other = global_id("Patient", (await make_patient(engine, practice.org)).id)
    document, base = MUTATIONS[name]
    given = base(practice, appointment, other)
    value = BREAKING[(name, rule.path[-1])]
    broken = {**given, rule.path[-1]: other if value == OTHER_PATIENT else value}
    before = await snapshot(engine)
    result = await execute(document, {"input": broken}, viewer=practice.patient_viewer())
    assert result.errors is None
    errors = result.data[name]["userErrors"]
    assert [(e["code"], e["field"], e["message"]) for e in errors] == [
        (rule.error.code, list(rule.path), rule.message)
    ]
    assert await snapshot(engine) == before
    # the same input without the fault is not refused by the rule, and staff are not bound
    for viewer, sent in ((practice.patient_viewer(), given), (practice.staff, broken)):
        other_result = await execute(document, {"input": sent}, viewer=viewer)
        assert rule.message not in [e["message"] for e in other_result.data[name]["userErrors"]]


async def test_a_request_with_several_faults_hears_the_declared_rule_first(engine, execute):
    # Before the rules were declared, the input rules (a note with a control character) and
    # the resolver's own checks could answer first; the permission now comes first.
    practice = await make_practice(engine)
    other = await make_patient(engine, practice.org)
    before = await snapshot(engine)
    faults: dict[str, Any] = {
        "allowOverlap": True,
        "note": "bad\x00note",
        "priority": 1000,
        "tags": ["x"],
    }
    result = await execute(
        BOOK, {"input": booking_input(practice, **faults)}, viewer=practice.patient_viewer()
    )
    assert result.data["bookAppointment"]["userErrors"] == [
        {
            "field": ["input", "allowOverlap"],
            "code": "FORBIDDEN",
            "message": "Only staff may double-book on purpose",
            "conflicts": [],
        }
    ]
    # of several declared rules broken, the first declared answers
    result = await execute(
        BOOK,
        {"input": booking_input(practice, patientId=global_id("Patient", other.id), **faults)},
        viewer=practice.patient_viewer(),
    )
    assert [e["field"] for e in result.data["bookAppointment"]["userErrors"]] == [
        ["input", "patientId"]
    ]
    # staff are bound by none of them: the input rules answer
    result = await execute(
        BOOK, {"input": booking_input(practice, **faults)}, viewer=practice.staff
    )
    assert [(e["code"], e["field"]) for e in result.data["bookAppointment"]["userErrors"]] == [
        ("VALIDATION", ["input", "note"])
    ]
    assert await snapshot(engine) == before


async def test_a_patient_meets_another_patients_appointment_as_missing(engine, execute):
    practice = await make_practice(engine)
    stranger = practice.patient_viewer(await make_patient(engine, practice.org))
    visit = (await booked(execute, practice))["id"]
    hold = (
        await booked(
            execute, practice, hold=True, slot={"date": "2030-01-07", "startTime": "11:00"}
        )
    )["id"]
    before = await snapshot(engine)
    calls = [
        (CANCEL, "cancelAppointment", _cancel(practice, visit, "")),
        (MOVE, "moveAppointment", _move(practice, visit, "")),
        (CONFIRM, "confirmBooking", {"appointmentId": hold, "baseVersion": 1}),
    ]
    for document, name, given in calls:
        result = await execute(document, {"input": given}, viewer=stranger)
        assert [(e["code"], e["field"], e["message"]) for e in result.data[name]["userErrors"]] == [
            ("NOT_FOUND", ["input", "appointmentId"], "No appointment with this ID")
        ], name
    assert await snapshot(engine) == before
    # the appointments' own patient may
    own = await execute(
        CANCEL, {"input": _cancel(practice, visit, "")}, viewer=practice.patient_viewer()
    )
    assert own.data["cancelAppointment"]["userErrors"] == []
