"""Overlap rules that allow or forbid, and updateAppointmentTypeOverlapRule over HTTP: a
location's rule outweighs the org-wide one in the conflict check; versions, refusals that
change nothing, tenancy."""

from __future__ import annotations

from typing import Any

from tests.support.factories import global_id, make_appointment_type, make_practice, make_provider
from tests.support.lifecycle_documents import BOOK, booking_input
from tests.support.schedule_documents import CREATE_RULE, payload, schedule_state
from tests.support.tokens import bearer

CHECK = """query ($input: CheckConflictsInput!) {
  checkConflicts(input: $input) { conflicts { reason appointment { id } } } }"""
UPDATE = """mutation ($input: UpdateAppointmentTypeOverlapRuleInput!) {
  updateAppointmentTypeOverlapRule(input: $input) {
    rule { id allowOverlap version location { id } } userErrors { field code message } } }"""


async def _practice_with_rules(engine, execute) -> tuple[Any, ...]:
    """A hygiene visit at 09:00-10:00 with a hygienist, an exam type, an org-wide rule
    letting exam and hygiene overlap and a rule at the location forbidding it."""
    practice = await make_practice(engine)
    exam = await make_appointment_type(engine, practice.org, minutes=30)
    hygienist = await make_provider(engine, practice.org, last_name="Hygienist")
    booked = await execute(
        BOOK,
        {"input": booking_input(practice, providerIds=[global_id("Provider", hygienist.id)])},
        viewer=practice.staff,
    )
    hygiene_id = payload(booked, "bookAppointment")["appointment"]["id"]
    pair = {
        "appointmentTypeAId": global_id("AppointmentType", exam.id),
        "appointmentTypeBId": global_id("AppointmentType", practice.appointment_type.id),
    }
    org_wide = await execute(CREATE_RULE, {"input": pair}, viewer=practice.staff)
    assert payload(org_wide, "createAppointmentTypeOverlapRule")["userErrors"] == []
    here = {**pair, "locationId": global_id("Location", practice.location.id)}
    local = await execute(
        CREATE_RULE, {"input": {**here, "allowOverlap": False}}, viewer=practice.staff
    )
    rule_id = payload(local, "createAppointmentTypeOverlapRule")["rule"]["id"]
    preview = {
        key: value
        for key, value in booking_input(
            practice, start="09:15", appointmentTypeId=pair["appointmentTypeAId"]
        ).items()
        if key != "patientId"
    }
    return practice, hygiene_id, rule_id, preview


async def _conflicts(execute, practice, preview) -> list[tuple[str, str]]:
    result = await execute(CHECK, {"input": preview}, viewer=practice.staff)
    assert result.errors is None, result.errors
    return [
        (c["reason"], c["appointment"]["id"]) for c in result.data["checkConflicts"]["conflicts"]
    ]


async def _update(http, viewer, rule_id: str, version: int, allow: bool) -> dict[str, Any]:
    variables = {"input": {"ruleId": rule_id, "baseVersion": version, "allowOverlap": allow}}
    response = await http.post(
        "/graphql", json={"query": UPDATE, "variables": variables}, headers=bearer(viewer)
    )
    assert response.status_code == 200
    return response.json()


async def test_a_location_rule_forbids_what_the_org_wide_rule_allows_until_updated(
    engine, execute, http
):
    practice, hygiene_id, rule_id, preview = await _practice_with_rules(engine, execute)
    assert await _conflicts(execute, practice, preview) == [("APPOINTMENT_OVERLAP", hygiene_id)]
    answer = await _update(http, practice.staff, rule_id, 1, True)
    assert answer["data"]["updateAppointmentTypeOverlapRule"] == {
        "rule": {
            "id": rule_id,
            "allowOverlap": True,
            "version": 2,
            "location": {"id": global_id("Location", practice.location.id)},
        },
        "userErrors": [],
    }
    assert await _conflicts(execute, practice, preview) == []
    # and forbidden again, booking refuses the exam with the hygiene visit named
    await _update(http, practice.staff, rule_id, 2, False)
    refused = await execute(
        BOOK,
        {"input": {**preview, "patientId": global_id("Patient", practice.patient.id)}},
        viewer=practice.staff,
    )
    [error] = payload(refused, "bookAppointment")["userErrors"]
    assert (error["code"], [(c["reason"], c["appointment"]["id"]) for c in error["conflicts"]]) == (
        "SLOT_CONFLICT",
        [("APPOINTMENT_OVERLAP", hygiene_id)],
    )


async def test_stale_versions_other_organizations_and_patients_change_nothing(
    engine, execute, http
):
    practice, _, rule_id, _ = await _practice_with_rules(engine, execute)
    other = await make_practice(engine)
    before = await schedule_state(engine)
    stale = await _update(http, practice.staff, rule_id, 2, True)
    assert stale["data"]["updateAppointmentTypeOverlapRule"] == {
        "rule": None,
        "userErrors": [
            {
                "field": ["input", "baseVersion"],
                "code": "VERSION_CONFLICT",
                "message": "The rule is at version 1, not 2",
            }
        ],
    }
    elsewhere = await _update(http, other.staff, rule_id, 1, True)
    assert elsewhere["data"]["updateAppointmentTypeOverlapRule"]["userErrors"][0]["code"] == (
        "NOT_FOUND"
    )
    patient = await _update(http, practice.patient_viewer(), rule_id, 1, True)
    assert patient["data"]["updateAppointmentTypeOverlapRule"]["userErrors"][0]["code"] == (
        "FORBIDDEN"
    )
    assert await schedule_state(engine) == before
