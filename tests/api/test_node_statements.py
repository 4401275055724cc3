"""One appointment by `node(id)` costs one statement (with the organization entered: db/read_scope.py): its
patient and providers come with it (db/queries/appointments.py), and fields that ask for
them again read the primed loaders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.support.factories import global_id, make_appointment, make_practice, make_provider

START = datetime(2026, 11, 17, 15, 0, tzinfo=UTC)
NODE = """query ($id: ID!) { node(id: $id) { id ... on Appointment {
  patient { firstName lastName chartNumber } providers { lastName }
  primaryProvider { lastName } additionalProviders { lastName } } } }"""


async def test_an_appointment_with_its_people_is_one_statement(engine, execute, count_statements):
    practice = await make_practice(engine)
    assistants = [
        await make_provider(engine, practice.org, last_name=name) for name in ("Zed", "Abel")
    ]
    visit = await make_appointment(
        engine,
        practice,
        start_at=START,
        end_at=START + timedelta(minutes=30),
        additional_providers=assistants,
    )
    ident = global_id("Appointment", visit.id)
    with count_statements() as counter:
        result = await execute(NODE, {"id": ident}, viewer=practice.staff)
    assert result.errors is None
    patient = practice.patient
    primary = practice.provider.last_name
    assert result.data == {
        "node": {
            "id": ident,
            "patient": {
                "firstName": patient.first_name,
                "lastName": patient.last_name,
                "chartNumber": patient.chart_number,
            },
            # The additional providers in their order (as added), not by name.
            "providers": [{"lastName": primary}, {"lastName": "Zed"}, {"lastName": "Abel"}],
            "primaryProvider": {"lastName": primary},
            "additionalProviders": [{"lastName": "Zed"}, {"lastName": "Abel"}],
        }
    }
    assert counter.count == 1, counter.statements


async def test_an_appointment_without_additional_providers_lists_only_its_primary(engine, execute):
    practice = await make_practice(engine)
    visit = await make_appointment(
        engine, practice, start_at=START, end_at=START + timedelta(minutes=30)
    )
    ident = global_id("Appointment", visit.id)
    result = await execute(NODE, {"id": ident}, viewer=practice.staff)
    assert result.errors is None
    assert result.data["node"]["additionalProviders"] == []
    assert result.data["node"]["providers"] == [{"lastName": practice.provider.last_name}]
