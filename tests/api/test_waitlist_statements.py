"""The waitlist list and quick-fill run a fixed number of SQL statements, however many entries."""

from __future__ import annotations

from tests.support.factories import global_id, make_patient, make_practice
from tests.support.waitlist_documents import add, contacted

LIST = """{ waitlistEntries(first: 100) { edges { node {
  id score { total } patient { id } provider { id } appointmentType { id } location { id }
  recall { id } linkedAppointment { id } contactLog { edges { node { method } } }
  contactAttempts lastContact { method } history { edges { node { action } } } } } } }"""
QUICK_FILL = """query ($opening: QuickFillInput!) { quickFill(opening: $opening) {
  quality score { total } entry { id patient { id } contactLog { edges { node { method } } }
  history { edges { node { action } } } } } }"""


async def statements(engine, execute, count_statements, entries: int) -> tuple[int, int, int]:
    """(list statements, quick-fill statements, entries listed) for a practice with `entries`."""
    practice = await make_practice(engine)
    provider = global_id("Provider", practice.provider.id)
    for n in range(entries):
        patient = await make_patient(engine, practice.org)
        entry = await add(
            execute, practice, patientId=global_id("Patient", patient.id), providerId=provider
        )
        if n % 2:
            await contacted(execute, practice, entry)
    opening = {
        "locationId": global_id("Location", practice.location.id),
        "date": "2030-01-07",
        "startTime": "09:00",
        "endTime": "10:00",
        "providerId": provider,
        "appointmentTypeId": global_id("AppointmentType", practice.appointment_type.id),
        "first": 50,
    }
    with count_statements() as listing:
        listed = await execute(LIST, viewer=practice.staff)
    with count_statements() as filling:
        ranked = await execute(QUICK_FILL, {"opening": opening}, viewer=practice.staff)
    assert listed.errors is None, listed.errors
    assert ranked.errors is None, ranked.errors
    assert len(ranked.data["quickFill"]) == entries
    return listing.count, filling.count, len(listed.data["waitlistEntries"]["edges"])


async def test_statement_counts_do_not_grow_with_the_waitlist(engine, execute, count_statements):
    # given a waitlist of 3 entries, then (a fresh practice) one of 30
    small = await statements(engine, execute, count_statements, 3)
    large = await statements(engine, execute, count_statements, 30)
    # then both were read with exactly the same number of statements
    assert (small[2], large[2]) == (3, 30)
    assert small[:2] == large[:2]
    # one per relation: the list needs
    # entries, patients, providers, types, locations, contact logs and histories (no recall
    # or linked appointment here); quick-fill five, and one for the patients' saved
    # scheduling preferences, which fill in what their entries leave open.
    assert large[:2] == (7, 6)
