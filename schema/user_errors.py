"""The one mapping from client errors to the `userErrors` of mutation payloads.

- `field` is the full path of the input field at fault, from the mutation's one argument:
  ["input", "slot", "endTime"] for a slot's end time, ["input", "note"] for a note.
- `code` is the error's own code, looked up in the payload's enum. A malformed argument
  (BAD_USER_INPUT, e.g. an ID of the wrong type) reads VALIDATION there, as the input rules'
  refusals do. Every other code must be one of the enum's: a mutation whose resolvers can
  raise it lists it (tests/api/test_user_errors.py checks that every enum lists the codes the
  mutation runner and the permission check produce). A code missing from it is a defect of
  this code base, not the client's: it is reported as INTERNAL rather than mislabelled.
- UNAUTHENTICATED is never a userError: without a valid token no mutation runs, and the
  field answers a top-level UNAUTHENTICATED error, as a query does (schema/permissions.py).
"""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

from resolvers.errors import ClientError, Unauthenticated

CodeT = TypeVar("CodeT", bound=Enum)

# Codes of errors that userErrors report under another code.
_AS = {"BAD_USER_INPUT": "VALIDATION"}


class UnlistedCode(LookupError):
    """A client error's code is not in the payload's enum (a defect: add it there)."""


def user_error(error: ClientError, codes: type[CodeT]) -> tuple[list[str] | None, CodeT, str]:
    """Field path, domain code and message for a client error."""
    if isinstance(error, Unauthenticated):
        raise error  # a top-level error, as for queries
    code = listed_code(error.code, codes)
    field = ["input", *error.path] if error.path else None
    return field, code, error.message


def listed_code(given: str, codes: type[CodeT]) -> CodeT:
    """A client error's code (as `user_error` reads it) in the payload's enum."""
    name = _AS.get(given, given)
    code = codes.__members__.get(name)
    if code is None:
        raise UnlistedCode(f"{codes.__name__} has no {name}")
    return code
