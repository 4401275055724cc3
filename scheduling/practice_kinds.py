"""The kinds a practice's providers and visits come in (the database checks the same lists)."""

from __future__ import annotations

import enum


class ProviderKind(enum.StrEnum):
    """What a provider does."""

    DENTIST = "DENTIST"
    HYGIENIST = "HYGIENIST"
    ASSISTANT = "ASSISTANT"
    SPECIALIST = "SPECIALIST"
    OTHER = "OTHER"


class Modality(enum.StrEnum):
    """How a visit happens."""

    IN_PERSON = "IN_PERSON"
    VIDEO = "VIDEO"
    PHONE = "PHONE"


class ReasonKind(enum.StrEnum):
    """Which of the organization's lists of reasons an entry belongs to."""

    CANCELLATION = "CANCELLATION"
    NO_SHOW = "NO_SHOW"


class CodeMatch(enum.StrEnum):
    """How a type's required procedure codes are met: every one of them, or any one."""

    ALL = "ALL"
    ANY = "ANY"
