"""What one request did, for its log line: filled in as it runs, read when it ends.

Only facts that are safe to log: names and codes of the operation and its outcome, never
variables, query text, error messages or anything read from the database.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

from resolvers.viewer import Viewer

# A GraphQL name of reasonable length; the client chooses it, so anything else is not logged.
_OPERATION_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,99}")
# Error codes are ours (resolvers/errors.py, schema/limits/errors.py, graphql-core's few).
_CODE = re.compile(r"[A-Z][A-Z0-9_]{0,49}")


def new_error_id() -> str:
    """A short random id for one unexpected error: in its log line and in the client's
    response (extensions.errorId), so support can find one from the other."""
    return secrets.token_hex(6)


@dataclass(slots=True)
class RequestReport:
    """The loggable facts of one request (server/request_log.py writes them as one line)."""

    operation_name: str | None = None
    operation_type: str | None = None
    role: str | None = None
    organization_id: str | None = None
    cost: int | None = None
    # Error codes the client got, in order, each once (empty: the operation succeeded).
    codes: list[str] = field(default_factory=list)
    error_ids: list[str] = field(default_factory=list)

    def caller(self, viewer: Viewer | None) -> None:
        """Who asked (nothing when no valid token came)."""
        if viewer is not None:
            self.role = viewer.role.value
            self.organization_id = str(viewer.organization_id)

    def operation(self, name: str | None, operation_type: str) -> None:
        """Which operation ran; a name that is not a plain GraphQL name is not kept."""
        if name is not None:
            self.operation_name = name if _OPERATION_NAME.fullmatch(name) else "(invalid)"
        self.operation_type = operation_type

    def error(self, code: str, error_id: str | None = None) -> None:
        """An error the client was shown."""
        if not _CODE.fullmatch(code):
            code = "OTHER"
        if code not in self.codes:
            self.codes.append(code)
        if error_id is not None:
            self.error_ids.append(error_id)
