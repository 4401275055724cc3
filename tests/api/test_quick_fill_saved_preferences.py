"""quickFill reads the patients' saved scheduling preferences where their waitlist entries
leave days, times or the provider open (scheduling/quick_fill.py), through the schema."""

from __future__ import annotations

from tests.api.test_quick_fill import QUICK_FILL, opening
from tests.support.factories import global_id, make_patient, make_practice
from tests.support.waitlist_documents import add

SAVE = """mutation ($input: UpdatePatientSchedulingPreferencesInput!) {
  updatePatientSchedulingPreferences(input: $input) { userErrors { code message } } }"""


async def _ranked(execute, practice) -> list[dict]:
    result = await execute(QUICK_FILL, opening(practice), viewer=practice.staff)
    assert result.errors is None, result.errors
    ranked: list[dict] = result.data["quickFill"]
    return ranked


async def test_saved_preferences_rank_an_open_entry_up(engine, execute):
    practice = await make_practice(engine)
    first = await add(execute, practice)  # the practice's patient, added first: longer waiting
    later_patient = await make_patient(engine, practice.org, first_name="Noor")
    later = await add(execute, practice, patientId=global_id("Patient", later_patient.id))
    before = await _ranked(execute, practice)
    # Equal fits (no provider, day or time named): the longer waiting entry leads.
    assert [m["entry"]["id"] for m in before] == [first["id"], later["id"]]
    assert [m["providerMatch"] for m in before] == ["ANY", "ANY"]

    # The later entry's patient saves Monday mornings with the opening's provider.
    saved = await execute(
        SAVE,
        {
            "input": {
                "patientId": global_id("Patient", later_patient.id),
                "daysOfWeek": ["MONDAY"],
                "timeWindows": [{"start": "08:00", "end": "12:00"}],
                "preferredProviderIds": [global_id("Provider", practice.provider.id)],
            }
        },
        viewer=practice.staff,
    )
    assert saved.data["updatePatientSchedulingPreferences"]["userErrors"] == []
    after = await _ranked(execute, practice)
    assert [m["entry"]["id"] for m in after] == [later["id"], first["id"]]
    lead, other = after
    assert lead["providerMatch"] == "EXACT"
    assert lead["quality"] == "EXCELLENT"
    # provider EXACT instead of ANY (+5), the day (+5) and the window (+5)
    assert lead["score"]["fit"] - other["score"]["fit"] == 15
    assert other == before[0]
