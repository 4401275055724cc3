"""Errors a client caused; the schema's error policy shows these and masks everything else."""

from __future__ import annotations


class ClientError(Exception):
    """An expected failure with a stable code, safe to show to the client."""

    code = "BAD_USER_INPUT"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class BadInput(ClientError):
    """An argument is malformed or out of range."""

    code = "BAD_USER_INPUT"


class Forbidden(ClientError):
    """The caller's role may not do this."""

    code = "FORBIDDEN"


class Unauthenticated(ClientError):
    """No valid bearer token came with the request."""

    code = "UNAUTHENTICATED"
