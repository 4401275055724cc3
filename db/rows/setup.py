"""Rows of who offers what (one link between an owner and what it is linked to), and of the
setup's audit trail."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Protocol


class LinkRow(Protocol):
    """A provider's location, or an appointment type's provider or location."""

    owner_id: uuid.UUID
    linked_id: uuid.UUID


class SetupChangeRow(Protocol):
    """A setup_changes row: who changed which row of the setup, and what they set."""

    id: uuid.UUID
    subject_table: str
    subject_id: uuid.UUID
    action: str
    actor: str
    changes: dict[str, Any]
    changed_at: datetime
