"""The rules finer than a role (resolvers/access_rules.py) as predicates, and how the schema
finds the input value a declared rule judges (schema/permissions.py); no database."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest
import strawberry
from strawberry.relay import GlobalID

from resolvers.access import BOOKERS, allow
from resolvers.access_rules import (
    BOOKABLE_ONLINE,
    OWN_APPOINTMENT,
    OWN_SETTINGS,
    NotForPatients,
    OthersForAdmins,
    OwnPatient,
    PatientsGive,
    RequiredOfPatients,
)
from resolvers.errors import Forbidden, NotFound, Validation
from resolvers.lifecycle.cancel import CancelledBy
from resolvers.viewer import Role, Viewer
from schema.access_table import rules_cell
from schema.permissions import BadRulePath, enforce_access, python_path, value_at

ORG = uuid.uuid4()
ME = uuid.uuid4()
PATIENT = Viewer(ORG, Role.PATIENT, "patient-me", patient_id=ME)
STAFF = Viewer(ORG, Role.STAFF, "staff-1")
ADMIN = Viewer(ORG, Role.STAFF_ADMIN, "admin-1")
INTEGRATION = Viewer(ORG, Role.INTEGRATION, "kiosk")


def test_own_patient_admits_only_the_patients_own_id():
    rule = OwnPatient(path=("input", "patientId"), message="Patients may only book for themselves")
    assert rule.refusal(PATIENT, GlobalID("Patient", str(ME))) is None
    refused = rule.refusal(PATIENT, GlobalID("Patient", str(uuid.uuid4())))
    assert isinstance(refused, Forbidden)
    assert (refused.path, refused.message) == (
        ("input", "patientId"),
        "Patients may only book for themselves",
    )
    # another type's ID, a malformed one, or none names nobody of theirs
    assert rule.refuses(PATIENT, GlobalID("Location", str(ME)))
    assert rule.refuses(PATIENT, GlobalID("Patient", "not-a-uuid"))
    assert rule.refuses(PATIENT, None)
    # an upper-case spelling of their own UUID is still theirs
    assert not rule.refuses(PATIENT, GlobalID("Patient", str(ME).upper()))
    # staff, staff admins and integrations are not bound
    other = GlobalID("Patient", str(uuid.uuid4()))
    assert [rule.refusal(v, other) for v in (STAFF, ADMIN, INTEGRATION)] == [None, None, None]


def test_own_patient_can_answer_not_found():
    rule = OwnPatient(
        path=("input", "patientId"), message="No patient with this ID", error=NotFound
    )
    refused = rule.refusal(PATIENT, GlobalID("Patient", str(uuid.uuid4())))
    assert isinstance(refused, NotFound)
    assert refused.code == "NOT_FOUND"
    assert rule.describe() == "`patientId` their own (else NOT_FOUND)"


def test_not_for_patients_refuses_any_given_value():
    rule = NotForPatients(path=("input", "allowOverlap"), message="Only staff may double-book")
    assert [rule.refuses(PATIENT, v) for v in (None, False)] == [False, False]
    assert [rule.refuses(PATIENT, v) for v in (True, [], ["D1110"], 0, "")] == [True] * 5
    assert rule.refusal(PATIENT, True) is not None
    assert rule.refusal(STAFF, True) is None
    assert rule.refusal(INTEGRATION, True) is None
    assert rule.describe() == "no `allowOverlap`"


def test_patients_give_one_value():
    rule = PatientsGive(
        path=("input", "cancelledBy"), value=CancelledBy.PATIENT, message="as the patient"
    )
    assert rule.refusal(PATIENT, CancelledBy.PATIENT) is None
    assert isinstance(rule.refusal(PATIENT, CancelledBy.PRACTICE), Forbidden)
    assert rule.refusal(STAFF, CancelledBy.PRACTICE) is None
    assert rule.describe() == "`cancelledBy` PATIENT only"


def test_required_of_patients_is_a_validation():
    rule = RequiredOfPatients(path=("input", "appointmentTypeId"), message="choose a type")
    refused = rule.refusal(PATIENT, None)
    assert isinstance(refused, Validation)
    assert refused.path == ("input", "appointmentTypeId")
    assert rule.refusal(PATIENT, GlobalID("AppointmentType", str(uuid.uuid4()))) is None
    assert rule.refusal(STAFF, None) is None


def test_others_for_admins_binds_staff_but_not_staff_admins():
    rule = OthersForAdmins(path=("owner",), message="Only a staff admin may list another's")
    assert rule.refusal(STAFF, None) is None
    assert rule.refusal(STAFF, "staff-1") is None
    refused = rule.refusal(STAFF, "staff-2")
    assert isinstance(refused, Forbidden)
    assert refused.field == "owner"
    assert rule.refusal(ADMIN, "staff-2") is None
    assert rule.describe() == "`owner` their own"


def test_row_rules():
    assert OWN_APPOINTMENT.admits(PATIENT, ME)
    assert not OWN_APPOINTMENT.admits(PATIENT, uuid.uuid4())
    assert OWN_APPOINTMENT.admits(STAFF, uuid.uuid4())
    assert OWN_SETTINGS.admits(STAFF, "staff-1")
    assert not OWN_SETTINGS.admits(STAFF, "staff-2")
    assert OWN_SETTINGS.admits(ADMIN, "staff-2")
    BOOKABLE_ONLINE.check(STAFF, False)
    BOOKABLE_ONLINE.check(PATIENT, True)
    with pytest.raises(Forbidden, match="cannot be booked online") as refused:
        BOOKABLE_ONLINE.check(PATIENT, False)
    assert refused.value.path == ("appointmentTypeId",)


def test_a_rule_for_a_role_the_field_refuses_is_a_declaration_error():
    with pytest.raises(ValueError, match="rules for roles the field does not admit"):
        allow(Role.STAFF, refusal="x", rules=(NotForPatients(path=("a",), message="m"),))


def test_the_role_table_lists_the_rules_by_role_in_order():
    access = allow(
        Role.STAFF,
        Role.PATIENT,
        refusal="",
        rules=(
            NotForPatients(path=("input", "allowOverlap"), message="m"),
            OthersForAdmins(path=("owner",), message="m"),
            OWN_APPOINTMENT,
        ),
    )
    cell = rules_cell(next(iter(access.values())))
    assert cell == (
        "patient: no `allowOverlap`, `appointmentId` their own (else NOT_FOUND); "
        "staff: `owner` their own"
    )


@strawberry.input
class _Inner:
    allow_overlap: bool | None = None


@strawberry.input
class _Outer:
    inner: _Inner | None = None
    patient_id: strawberry.ID | None = None


def _field():
    @strawberry.type
    class Root:
        @strawberry.field(
            metadata=allow(
                Role.STAFF,
                Role.PATIENT,
                refusal="",
                rules=(NotForPatients(path=("input", "inner", "allowOverlap"), message="m"),),
            )
        )
        def probe(self, input: _Outer) -> int:
            return 1

    return Root, Root.__strawberry_definition__.fields[0]  # type: ignore[attr-defined]


def test_a_rules_path_becomes_python_names_and_finds_its_value():
    _, field = _field()
    names = python_path(field, ("input", "inner", "allowOverlap"))
    assert names == ("input", "inner", "allow_overlap")
    assert value_at({"input": _Outer(inner=_Inner(allow_overlap=True))}, names) is True
    assert value_at({"input": _Outer(inner=None)}, names) is None
    assert value_at({}, names) is None
    assert python_path(field, ("input", "patientId")) == ("input", "patient_id")
    assert value_at({"input": SimpleNamespace(patient_id="p")}, ("input", "patient_id")) == "p"


def test_a_rule_naming_no_input_field_stops_the_schema_from_building():
    _, field = _field()
    with pytest.raises(BadRulePath, match=r"probe has no input input\.inner\.allowOverlaps"):
        python_path(field, ("input", "inner", "allowOverlaps"))
    with pytest.raises(BadRulePath):
        python_path(field, ("nope",))

    @strawberry.type
    class Loose:
        @strawberry.field(
            metadata=allow(
                Role.PATIENT, refusal="", rules=(NotForPatients(path=("x",), message="m"),)
            )
        )
        def anything(self) -> int:
            return 1

    with pytest.raises(BadRulePath, match="anything has no input x"):
        enforce_access(Loose, payload=False)


def test_bookings_declare_the_patients_rules_in_the_order_they_are_checked():
    access = next(iter(BOOKERS.values()))
    assert [getattr(rule, "path", None) for rule in access.rules] == [
        ("input", "patientId"),
        ("input", "allowOverlap"),
        ("input", "patientRecallIds"),
        ("input", "procedureCodes"),
        ("input", "status"),
        ("input", "askToArriveMinutes"),
        ("input", "colorOverride"),
        ("input", "tags"),
        ("input", "appointmentTypeId"),
        None,  # BOOKABLE_ONLINE, asked when the type is read
    ]
