"""The one mapping from client errors to the `userErrors` of mutation payloads."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

from resolvers.errors import ClientError

CodeT = TypeVar("CodeT", bound=Enum)


def user_error(
    error: ClientError, codes: type[CodeT], fallback: CodeT
) -> tuple[list[str] | None, CodeT, str]:
    """Field path, domain code and message for a client error."""
    code = codes.__members__.get(error.code, fallback)
    field = ["input", error.field] if error.field else None
    return field, code, error.message
