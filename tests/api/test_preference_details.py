"""Patients' scheduling preferences beyond days and times: operatories, contact method, notes
and the learned-from-history flag; the staff list across patients (a connection, filtered,
patients refused, another organization's patients unseen) and Patient.schedulingPreferences
batched (one statement for a page of patients)."""

from __future__ import annotations

from typing import Any

from tests.support.factories import global_id, make_operatory, make_patient, make_practice
from tests.support.settings_documents import ERRORS, only_error, settings_state
from tests.support.tokens import bearer

DETAILS = """
  daysOfWeek contactMethod notes learnedFromHistory version
  preferredOperatories { id } patient { id }
"""
SAVE = f"""
mutation ($input: UpdatePatientSchedulingPreferencesInput!) {{
  updatePatientSchedulingPreferences(input: $input) {{
    patient {{ schedulingPreferences {{ {DETAILS} }} }} {ERRORS}
  }}
}}
"""
LIST = """
query ($first: Int!, $after: String, $filter: PatientSchedulingPreferencesFilter) {
  patientSchedulingPreferences(first: $first, after: $after, filter: $filter) {
    totalCount edges { node { patient { id } notes learnedFromHistory } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
PATIENTS = """
query { patients(first: 50) { edges { node { id schedulingPreferences { notes version } } } } }
"""


def details(practice, patient, **extra) -> dict:
    return {
        "patientId": global_id("Patient", patient.id),
        "daysOfWeek": ["MONDAY"],
        "preferredOperatoryIds": [global_id("Operatory", practice.operatory.id)],
        "contactMethod": "SMS",
        "notes": "  Mornings only, after school run  ",
        "learnedFromHistory": True,
        **extra,
    }


async def save(execute, practice, patient, **extra) -> dict:
    result = await execute(
        SAVE, {"input": details(practice, patient, **extra)}, viewer=practice.staff
    )
    assert result.errors is None, result.errors
    return result.data["updatePatientSchedulingPreferences"]


async def test_staff_save_the_details_over_http(engine, http):
    practice = await make_practice(engine)
    patient = global_id("Patient", practice.patient.id)
    response = await http.post(
        "/graphql",
        json={"query": SAVE, "variables": {"input": details(practice, practice.patient)}},
        headers=bearer(practice.staff),
    )
    assert response.json()["data"]["updatePatientSchedulingPreferences"] == {
        "patient": {
            "schedulingPreferences": {
                "daysOfWeek": ["MONDAY"],
                "contactMethod": "SMS",
                "notes": "Mornings only, after school run",
                "learnedFromHistory": True,
                "version": 1,
                "preferredOperatories": [{"id": global_id("Operatory", practice.operatory.id)}],
                "patient": {"id": patient},
            }
        },
        "userErrors": [],
    }


async def test_detail_refusals_change_nothing(engine, execute):
    practice = await make_practice(engine)
    foreign = await make_practice(engine)
    await save(execute, practice, practice.patient)
    before = await settings_state(engine)
    cases: list[tuple[dict[str, Any], list[str], str]] = [
        ({"notes": "x" * 2001}, ["input", "notes"], "VALIDATION"),
        (
            {"preferredOperatoryIds": [global_id("Operatory", foreign.operatory.id)]},
            ["input", "preferredOperatoryIds"],
            "NOT_FOUND",
        ),
        (
            {"preferredOperatoryIds": [global_id("Provider", practice.provider.id)]},
            ["input", "preferredOperatoryIds"],
            "VALIDATION",
        ),
    ]
    for extra, field, code in cases:
        payload = await save(execute, practice, practice.patient, baseVersion=1, **extra)
        assert payload["patient"] is None
        assert only_error(payload) == (field, code), extra
    assert await settings_state(engine) == before


async def test_staff_list_preferences_across_patients(engine, execute, http):
    practice = await make_practice(engine)
    second = await make_patient(engine, practice.org, first_name="Bo")
    await make_patient(engine, practice.org, first_name="Cy")  # none saved: not listed
    foreign = await make_practice(engine)
    await save(execute, foreign, foreign.patient)
    await save(execute, practice, practice.patient, notes="learned")
    await save(execute, practice, second, notes="told", learnedFromHistory=False)
    ordered = sorted([practice.patient.id, second.id])
    response = await http.post(
        "/graphql", json={"query": LIST, "variables": {"first": 1}}, headers=bearer(practice.staff)
    )
    page = response.json()["data"]["patientSchedulingPreferences"]
    assert page["totalCount"] == 2
    assert [e["node"]["patient"]["id"] for e in page["edges"]] == [global_id("Patient", ordered[0])]
    assert page["pageInfo"]["hasNextPage"] is True
    rest = await execute(
        LIST, {"first": 5, "after": page["pageInfo"]["endCursor"]}, viewer=practice.staff
    )
    assert [
        e["node"]["patient"]["id"] for e in rest.data["patientSchedulingPreferences"]["edges"]
    ] == [global_id("Patient", ordered[1])]
    told = await execute(
        LIST, {"first": 5, "filter": {"learnedFromHistory": False}}, viewer=practice.staff
    )
    assert told.data["patientSchedulingPreferences"] == {
        "totalCount": 1,
        "edges": [
            {
                "node": {
                    "patient": {"id": global_id("Patient", second.id)},
                    "notes": "told",
                    "learnedFromHistory": False,
                }
            }
        ],
        "pageInfo": told.data["patientSchedulingPreferences"]["pageInfo"],
    }
    theirs = await execute(
        LIST,
        {"first": 5, "filter": {"patientIds": [global_id("Patient", foreign.patient.id)]}},
        viewer=practice.staff,
    )
    assert theirs.data["patientSchedulingPreferences"]["totalCount"] == 0
    assert theirs.data["patientSchedulingPreferences"]["edges"] == []
    refused = await execute(LIST, {"first": 5}, viewer=practice.patient_viewer())
    assert refused.data is None
    assert refused.errors[0].message == "Patients cannot list other patients' preferences"


async def test_a_page_of_patients_reads_preferences_in_one_statement(
    engine, execute, count_statements
):
    practice = await make_practice(engine)
    await make_operatory(engine, practice.location)
    few = [practice.patient, await make_patient(engine, practice.org)]
    for patient in few:
        await save(execute, practice, patient, notes=f"n-{patient.id}")
    with count_statements() as without:
        plain = await execute(
            "query { patients(first: 50) { edges { node { id } } } }", viewer=practice.staff
        )
    assert plain.errors is None
    for _ in range(3):
        await make_patient(engine, practice.org)
    with count_statements() as counter:
        result = await execute(PATIENTS, viewer=practice.staff)
    nodes = [edge["node"] for edge in result.data["patients"]["edges"]]
    assert len(nodes) == 5
    saved = {global_id("Patient", p.id): f"n-{p.id}" for p in few}
    assert {n["id"]: n["schedulingPreferences"]["notes"] for n in nodes if n["id"] in saved} == (
        saved
    )
    assert [n["schedulingPreferences"] for n in nodes if n["id"] not in saved] == [
        {"notes": "", "version": None}
    ] * 3
    # five patients' preferences: one statement more than the patients alone
    assert counter.count == without.count + 1
