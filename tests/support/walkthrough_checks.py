"""What the README's cancel-then-fill walkthrough and the waitlist upkeep examples must answer on
the demo practice, checked on the results of the shared operations run in MUTATION_ORDER."""

from __future__ import annotations

from base64 import b64encode
from datetime import UTC, date, time, timedelta
from zoneinfo import ZoneInfo

from db.demo import MAIN_TIME_ZONE, DemoCalendar
from db.demo.ids import WALKTHROUGH_ENTRY_ID, demo_id
from scheduling.local_time import resolve_local_time
from tests.support.connections import actions, changes, history, nodes


def entry_gid(n: int) -> str:
    return b64encode(f"WaitlistEntry:{demo_id('waitlist-entry', n)}".encode()).decode()


# The walkthrough entry's score for the slot CancelAppointment frees (it waits > 30 days).
TOP_SCORE = {"urgency": 30, "priority": 2, "daysWaiting": 30, "fit": 35, "total": 97}


def utc_text(day: date, wall: time) -> str:
    """A wall-clock time at Riverside Main as the API writes the instant."""
    return resolve_local_time(day, wall, ZoneInfo(MAIN_TIME_ZONE)).astimezone(UTC).isoformat()


def check_cancel_then_fill(results: dict, demo: DemoCalendar, today: date) -> None:
    """Entry 1 tops the list for the freed slot and the accepted offer books exactly that slot."""
    # The freed slot: 07:00-07:45 on the Tuesday after the anchor week.
    tuesday = demo.day(8)
    slot = (utc_text(tuesday, time(7)), utc_text(tuesday, time(7, 45)))
    top = entry_gid(1)
    assert top == b64encode(f"WaitlistEntry:{WALKTHROUGH_ENTRY_ID}".encode()).decode()
    page = results["WaitlistEntries"]["waitlistEntries"]
    # RDH Novak's hygiene waitlist: soon before routine, then priority (no dateTo: never expires)
    assert [node["id"] for node in nodes(page)] == [top, entry_gid(20), entry_gid(31)]
    assert (page["totalCount"], page["pageInfo"]["hasNextPage"]) == (3, False)
    first = nodes(page)[0]
    # added 39 days before the demo's today (the anchor week's Sunday)
    assert first["daysWaiting"] == (today - (demo.today - timedelta(days=39))).days
    assert (first["status"], first["version"], first["urgency"], first["priority"]) == (
        "WAITING", 1, "SOON", 10)  # fmt: skip
    assert first["patient"]["firstName"] + " " + first["patient"]["lastName"] == "Niamh Patel"
    assert (first["provider"]["displayName"], first["appointmentType"]["abbreviation"]) == (
        "Marta Novak", "RCL")  # fmt: skip
    assert (first["contactAttempts"], first["respondedAt"]) == (0, None)
    matches = results["QuickFill"]["quickFill"]
    assert len(matches) == 5
    assert matches[0]["entry"]["id"] == top
    assert matches[0]["score"] == TOP_SCORE
    assert (matches[0]["quality"], matches[0]["providerMatch"], matches[0]["locationMatch"],
            matches[0]["durationFit"]) == ("EXCELLENT", "EXACT", "HOME", "FITS")  # fmt: skip
    totals = [m["score"]["total"] for m in matches]
    assert totals == sorted(totals, reverse=True)
    assert totals[1] < 97
    # the cancel payload ranks the very slot QuickFill.json describes: the same five, in order
    opening = results["CancelAppointment"]["cancelAppointment"]["openingMatches"]
    assert [m["entry"]["id"] for m in opening] == [m["entry"]["id"] for m in matches]
    assert (opening[0]["quality"], opening[0]["score"]["total"]) == ("EXCELLENT", 97)
    contacted = results["LogWaitlistContact"]["logWaitlistContact"]["waitlistEntry"]
    assert (contacted["id"], contacted["status"], contacted["version"]) == (top, "CONTACTED", 2)
    assert [(c["method"], c["slotOffered"]) for c in nodes(contacted["contactLog"])] == [
        ("PHONE", True)
    ]
    offered = results["OfferWaitlistSlot"]["offerWaitlistSlot"]["waitlistEntry"]
    assert (offered["status"], offered["version"]) == ("OFFERED", 3)
    assert offered["offeredOperatory"] == {"name": "Op 10"}
    assert (offered["offeredStartAt"], offered["offeredEndAt"]) == slot
    response = results["RecordWaitlistResponse"]["recordWaitlistResponse"]
    booked, entry = response["appointment"], response["waitlistEntry"]
    assert (booked["status"], booked["version"]) == ("SCHEDULED", 1)
    assert (booked["startAt"], booked["endAt"]) == slot
    assert (booked["localDate"], booked["localStartTime"], booked["localEndTime"]) == (
        tuesday.isoformat(), "07:00:00", "07:45:00")  # fmt: skip
    assert (booked["operatory"]["name"], booked["primaryProvider"]["displayName"],
            booked["appointmentType"]["abbreviation"]) == ("Op 10", "Marta Novak", "RCL")  # fmt: skip
    assert booked["procedureCodes"] == ["D1110", "D0274"]  # the type's: completing it fires hygiene
    assert booked["patient"]["id"] == first["patient"]["id"]
    assert (entry["status"], entry["version"], entry["patientResponse"]) == (
        "SCHEDULED", 4, "ACCEPTED")  # fmt: skip
    assert entry["linkedAppointment"]["id"] == booked["id"]
    assert response["openingMatches"] == []  # a new visit: no other time was freed
    assert [(h["action"], h["actor"]) for h in history(entry)] == [
        ("ADDED", "demo-seed"), ("CONTACTED", "demo-front-desk"),
        ("OFFERED", "demo-front-desk"), ("SCHEDULED", "demo-front-desk")]  # fmt: skip
    # the history speaks the schema's names: fields, enum names, global IDs
    assert changes(history(entry)[-1]) == {
        "status": {"before": "OFFERED", "after": "SCHEDULED"},
        "patientResponse": {"before": None, "after": "ACCEPTED"},
        "linkedAppointment": {"before": None, "after": booked["id"]}}  # fmt: skip


def check_waitlist_upkeep(results: dict, demo: DemoCalendar) -> None:
    """Add, update, remove and bulk-remove on the demo waitlist."""
    added = results["AddToWaitlist"]["addToWaitlist"]["waitlistEntry"]
    assert (added["status"], added["version"], added["source"], added["daysWaiting"]) == (
        "WAITING", 1, "TREATMENT_PLAN", 0)  # fmt: skip
    assert (added["appointmentType"]["abbreviation"], added["provider"]["displayName"]) == (
        "FILL", "Maya Okafor")  # fmt: skip
    assert added["linkedAppointment"]["status"] == "COMPLETE"
    assert actions(added) == ["ADDED"]
    updated = results["UpdateWaitlistEntry"]["updateWaitlistEntry"]["waitlistEntry"]
    assert (updated["id"], updated["version"], updated["urgency"], updated["priority"]) == (
        entry_gid(6), 2, "URGENT", 40)  # fmt: skip
    assert actions(updated) == ["ADDED", "UPDATED"]
    assert changes(history(updated)[-1]) == {
        "dateTo": {"before": demo.day(60).isoformat(), "after": updated["dateTo"]},
        "urgency": {"before": "SOON", "after": "URGENT"},
        "priority": {"before": 25, "after": 40},
        "note": {"before": "Crown prep #19; insurance approved.", "after": updated["note"]}}  # fmt: skip
    removed = results["RemoveFromWaitlist"]["removeFromWaitlist"]["waitlistEntry"]
    assert (removed["id"], removed["status"], removed["version"]) == (entry_gid(28), "REMOVED", 2)
    last = history(removed)[-1]
    assert (last["action"], changes(last)) == ("REMOVED", {
        "status": {"before": "WAITING", "after": "REMOVED"},
        "reason": {"before": None,
                   "after": "Booked a regular exam with Dr. Okafor at the front desk."}})  # fmt: skip
    bulk = results["BulkRemoveFromWaitlist"]["bulkRemoveFromWaitlist"]
    # 10 and 21 were waiting; 26 reads EXPIRED (dateTo: the Friday before the anchor week) and
    # 17 was removed in the seed
    assert [(e["id"], e["status"], e["version"]) for e in bulk["removed"]] == [
        (entry_gid(10), "REMOVED", 2), (entry_gid(21), "REMOVED", 2)]  # fmt: skip
    assert bulk["skippedIds"] == [entry_gid(26), entry_gid(17)]
