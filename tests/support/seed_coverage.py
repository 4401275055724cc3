"""Seed 002's endpoints and the README's table that maps each to the graph ("Seed 002 coverage").

The endpoint list is kept here as data so the coverage test runs where `../shared` is absent (CI);
where the seed is present, a test checks that this list is still what the seed names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tests.support.paths import REPO_ROOT

SEED_002_FILE = REPO_ROOT.parent / "shared" / "seeds" / "002_bdf1bc3acfe89063.txt"
README = REPO_ROOT / "README.md"
SECTION = "### Seed 002 coverage"
STATUSES = ("covered", "partly", "in progress", "not a graph concern", "absent")

# Every endpoint is shown with two identical curl examples; its path follows the org prefix.
_CURL = re.compile(r'curl -X ([A-Z]+) "https?://[^/"]+/api/v1/\{org_id\}([^"]*)"')


def seed_endpoints(text: str) -> list[str]:
    """ "METHOD /path" (path below /api/v1/{org_id}) of every endpoint, once, in seed order."""
    found: dict[str, None] = {}
    for method, path in _CURL.findall(text):
        found.setdefault(f"{method} {path}", None)
    return list(found)


SEED_002_ENDPOINTS: tuple[str, ...] = (
    "GET /schedule/appointment-rules",
    "GET /schedule/appointment-rules/{rule_uuid}",
    "GET /schedule/calendar/daily",
    "GET /schedule/calendar/monthly",
    "GET /schedule/calendar/weekly",
    "GET /schedule/daily-providers",
    "GET /schedule/flow-statuses",
    "GET /schedule/notes",
    "GET /schedule/notes/{note_uuid}",
    "GET /schedule/overrides",
    "GET /schedule/overrides/{override_uuid}",
    "GET /schedule/patient-preferences",
    "GET /schedule/patient-preferences/{preference_uuid}",
    "GET /schedule/patient-preferences/by-patient/{patient_uuid}",
    "GET /schedule/production-goals",
    "GET /schedule/production-goals/{goal_uuid}",
    "GET /schedule/production-goals/production-summary",
    "GET /schedule/provider-availability",
    "GET /schedule/saved-searches",
    "GET /schedule/saved-searches/{search_uuid}",
    "GET /schedule/templates",
    "GET /schedule/templates/{template_uuid}",
    "GET /schedule/views",
    "GET /schedule/views/{view_uuid}",
    "GET /schedule/views/templates",
    "POST /schedule/appointment-rules",
    "POST /schedule/flow-statuses",
    "POST /schedule/notes",
    "POST /schedule/overrides",
    "POST /schedule/patient-preferences",
    "POST /schedule/production-goals",
    "POST /schedule/saved-searches",
    "POST /schedule/templates",
    "POST /schedule/views",
    "POST /schedule/views/{view_uuid}/set-default",
    "POST /schedule/views/{view_uuid}/set-shortcut",
    "PUT /schedule/patient-preferences/by-patient/{patient_uuid}",
    "PUT /schedule/production-goals/upsert",
    "PATCH /schedule/appointment-rules/{rule_uuid}",
    "PATCH /schedule/flow-statuses/{flow_status_uuid}",
    "PATCH /schedule/notes/{note_uuid}",
    "PATCH /schedule/overrides/{override_uuid}",
    "PATCH /schedule/patient-preferences/{preference_uuid}",
    "PATCH /schedule/production-goals/{goal_uuid}",
    "PATCH /schedule/saved-searches/{search_uuid}",
    "PATCH /schedule/templates/{template_uuid}",
    "PATCH /schedule/views/{view_uuid}",
    "DELETE /schedule/appointment-rules/{rule_uuid}",
    "DELETE /schedule/flow-statuses/{flow_status_uuid}",
    "DELETE /schedule/notes/{note_uuid}",
    "DELETE /schedule/overrides/{override_uuid}",
    "DELETE /schedule/patient-preferences/{preference_uuid}",
    "DELETE /schedule/production-goals/{goal_uuid}",
    "DELETE /schedule/saved-searches/{search_uuid}",
    "DELETE /schedule/templates/{template_uuid}",
    "DELETE /schedule/views/{view_uuid}",
    "GET /appointments",
    "GET /appointments/{appointment_uuid}",
    "GET /appointments/{appointment_uuid}/history",
    "GET /appointments/{appointment_uuid}/patient-flow-events",
    "GET /appointments/{appointment_uuid}/patient-flow-stats",
    "GET /appointments/{appointment_uuid}/procedures",
    "GET /appointments/{appointment_uuid}/providers",
    "GET /appointments/confirmation-statuses",
    "GET /appointments/counts/by-location",
    "GET /appointments/cursor",
    "GET /appointments/pinboard",
    "GET /appointments/procedure-frequency-check",
    "POST /appointments",
    "POST /appointments/{appointment_uuid}/break",
    "POST /appointments/{appointment_uuid}/cancel",
    "POST /appointments/{appointment_uuid}/move",
    "POST /appointments/{appointment_uuid}/patient-flow-status",
    "POST /appointments/{appointment_uuid}/pinboard",
    "POST /appointments/{appointment_uuid}/place",
    "POST /appointments/{appointment_uuid}/procedures",
    "POST /appointments/{appointment_uuid}/transition",
    "POST /appointments/bulk",
    "POST /appointments/bulk-confirm",
    "POST /appointments/check-conflicts",
    "PUT /appointments/{appointment_uuid}/providers",
    "PATCH /appointments/{appointment_uuid}",
    "PATCH /appointments/{appointment_uuid}/confirmation-status",
    "DELETE /appointments/{appointment_uuid}",
    "DELETE /appointments/{appointment_uuid}/procedures/{procedure_uuid}",
    "GET /appointment-types",
    "GET /appointment-types/{appointment_type_uuid}",
    "POST /appointment-types",
    "POST /appointment-types/{appointment_type_uuid}/archive",
    "PATCH /appointment-types/{appointment_type_uuid}",
    "GET /blockouts/instances",
    "GET /blockouts/instances/{blockout_uuid}",
    "GET /blockouts/templates",
    "GET /blockouts/templates/{template_uuid}",
    "GET /blockouts/templates/{template_uuid}/items",
    "GET /blockouts/types",
    "GET /blockouts/types/{blockout_type_uuid}",
    "POST /blockouts/instances",
    "POST /blockouts/instances/copy-day",
    "POST /blockouts/instances/copy-week",
    "POST /blockouts/instances/repeat-weeks",
    "POST /blockouts/templates",
    "POST /blockouts/templates/{template_uuid}/apply",
    "POST /blockouts/templates/{template_uuid}/items",
    "POST /blockouts/types",
    "PATCH /blockouts/instances/{blockout_uuid}",
    "PATCH /blockouts/templates/{template_uuid}",
    "PATCH /blockouts/types/{blockout_type_uuid}",
    "DELETE /blockouts/instances/{blockout_uuid}",
    "DELETE /blockouts/templates/{template_uuid}",
    "DELETE /blockouts/templates/{template_uuid}/items/{item_uuid}",
    "DELETE /blockouts/types/{blockout_type_uuid}",
    "GET /recalls/patient-recalls",
    "GET /recalls/patient-recalls/{recall_uuid}",
    "GET /recalls/patient-recalls/due",
    "GET /recalls/triggers",
    "GET /recalls/types",
    "GET /recalls/types/{recall_type_uuid}",
    "POST /recalls/patient-recalls",
    "POST /recalls/triggers",
    "POST /recalls/types",
    "PATCH /recalls/patient-recalls/{recall_uuid}",
    "PATCH /recalls/types/{recall_type_uuid}",
    "DELETE /recalls/triggers/{trigger_uuid}",
    "DELETE /recalls/types/{recall_type_uuid}",
    "GET /waitlist/entries",
    "GET /waitlist/entries/{entry_uuid}",
    "GET /waitlist/entries/{entry_uuid}/contact-log",
    "POST /waitlist/entries",
    "POST /waitlist/entries/{entry_uuid}/contact",
    "POST /waitlist/entries/{entry_uuid}/response",
    "POST /waitlist/entries/bulk-remove",
    "POST /waitlist/quick-fill",
    "PATCH /waitlist/entries/{entry_uuid}",
    "DELETE /waitlist/entries/{entry_uuid}",
)


@dataclass(frozen=True)
class CoverageRow:
    """One row of the README table: the endpoint, the GraphQL names that cover it, the status."""

    endpoint: str
    covered_by: tuple[str, ...]
    status: str
    note: str


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def section_text(readme: str) -> str:
    """The README's coverage section: from its heading to the next heading."""
    start = readme.index(SECTION)
    following = re.search(r"^#{1,3} ", readme[start + len(SECTION) :], re.MULTILINE)
    end = start + len(SECTION) + following.start() if following else len(readme)
    return readme[start:end]


def coverage_rows(readme: str) -> list[CoverageRow]:
    """The table's rows below its header and separator lines."""
    lines = [line for line in section_text(readme).splitlines() if line.startswith("|")]
    rows = []
    for line in lines[2:]:
        endpoint, covered_by, status, note = _cells(line)
        rows.append(
            CoverageRow(
                endpoint=endpoint.strip("`"),
                covered_by=tuple(re.findall(r"`([^`]+)`", covered_by)),
                status=status,
                note=note,
            )
        )
    return rows


def summary_counts(readme: str) -> dict[str, int]:
    """The section's summary line, "N endpoints: a covered, b partly, ...", as status -> count."""
    line = next(row for row in section_text(readme).splitlines() if row.startswith("**Summary"))
    alternatives = "|".join(STATUSES)
    return {status: int(n) for n, status in re.findall(rf"(\d+) ({alternatives})\b", line)}
