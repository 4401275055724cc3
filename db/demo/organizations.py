"""The demo's organizations as the command line lists them (`slotgraph orgs`) and finds
them (`slotgraph token --org other`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from db.demo.ids import (
    DEMO_ORG_ID,
    DEMO_ORG_NAME,
    DEMO_PATIENT_ID,
    OTHER_ORG_ID,
    OTHER_ORG_NAME,
    OTHER_PATIENT_ID,
)


@dataclass(frozen=True, slots=True)
class DemoOrganization:
    """One seeded organization: a short key to type, and a patient to mint a token for."""

    key: str
    id: uuid.UUID
    name: str
    patient_id: uuid.UUID


DEMO_ORGANIZATIONS = (
    DemoOrganization("riverside", DEMO_ORG_ID, DEMO_ORG_NAME, DEMO_PATIENT_ID),
    DemoOrganization("other", OTHER_ORG_ID, OTHER_ORG_NAME, OTHER_PATIENT_ID),
)


def find_demo_organization(text: str) -> DemoOrganization | None:
    """The demo organization `text` names by key, name (any case) or id; None otherwise."""
    wanted = text.strip().casefold()
    for organization in DEMO_ORGANIZATIONS:
        if wanted in (organization.key, organization.name.casefold(), str(organization.id)):
            return organization
    return None
