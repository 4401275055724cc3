"""Rows of who offers what: one link between an owner and what it is linked to."""

from __future__ import annotations

import uuid
from typing import Protocol


class LinkRow(Protocol):
    """A provider's location, or an appointment type's provider or location."""

    owner_id: uuid.UUID
    linked_id: uuid.UUID
