"""What the report and list operations (issue 14 part 6) answer on the demo practice."""

from __future__ import annotations


def check_reports_and_lists(results: dict) -> None:
    """Counts per location, the demo's flow day, overrides, recalls and one patient's waitlist."""
    counts = results["AppointmentCountsByLocation"]["appointmentCountsByLocation"]
    by_name = {each["location"]["name"]: each["count"] for each in counts["locations"]}
    assert by_name["Riverside Main"] > 0
    assert by_name["Riverside London"] > 0
    assert counts["total"] == sum(by_name.values())
    # three visits walked through all five steps: four closed steps each
    flow = results["PatientFlowStats"]["patientFlowStats"]
    assert sum(row["visits"] for row in flow) == 12
    steps = {row["flowStatus"]["name"] for row in flow}
    assert steps == {"Checked in", "Seated", "In chair", "Ready for checkout"}  # not the last
    # checked in 10 minutes before the start, seated 2 minutes before; ready 5 minutes before
    # the end, out 5 minutes after
    seconds = {(row["flowStatus"]["name"], row["averageSeconds"]) for row in flow}
    assert {("Checked in", 480), ("Seated", 300), ("Ready for checkout", 600)} <= seconds
    overrides = results["ScheduleOverrides"]["scheduleOverrides"]
    assert overrides["totalCount"] == 2  # Riverside Main's two in the demo's first fortnight
    recalls = nodes(results["RecallList"]["patientRecalls"])
    assert recalls
    assert {r["status"] for r in recalls} <= {"DUE", "OVERDUE"}
    assert {r["recallType"]["name"] for r in recalls} == {"Hygiene"}
    assert recalls[0]["recallType"]["appointmentTypes"] == [{"name": "Recall Exam & Clean"}]
    assert results["PatientWaitlist"]["waitlistEntries"]["totalCount"] == 2
    types = {t["name"]: t for t in results["RecallTypes"]["recallTypes"]}
    assert [a["name"] for a in types["Periodic exam"]["appointmentTypes"]] == ["Periodic Exam"]
    deleted = results["DeleteRecallTrigger"]["deleteRecallTrigger"]["deletedId"]
    assert deleted.startswith("UmVjYWxsVHJpZ2dlcj")  # a RecallTrigger's global id
    created = results["CreateRecallType"]["createRecallType"]["recallType"]
    assert (created["description"], created["defaultIntervalMonths"], created["active"]) == (
        "Deep cleaning follow-up for periodontal patients", 3, True)  # fmt: skip
    changed = results["UpdateRecallType"]["updateRecallType"]["recallType"]
    assert (changed["id"], changed["name"], changed["description"]) == (
        created["id"], "Periodontal maintenance", "Periodontal maintenance every 4 months")  # fmt: skip


def nodes(connection: dict) -> list[dict]:
    return [edge["node"] for edge in connection["edges"]]
