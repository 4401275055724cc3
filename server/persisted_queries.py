"""Requests by hash: the manifest, automatic persisted queries for staff, persisted-only roles.

Everything here is in memory: the manifest is computed at startup, the documents staff
register live in a bounded LRU per process. A request without `extensions.persistedQuery`
from an unrestricted caller passes through untouched.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, replace

from strawberry.http import GraphQLRequestData

from resolvers.viewer import Role, Viewer
from server.operation_manifest import PersistedDocument, document_hash, persisted_document

# Codes (README: Persisted operations). NOT_FOUND's message is Apollo's: its client's
# persisted-query link matches the message as well as the code before retrying with the text.
PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
NOT_FOUND_MESSAGE = "PersistedQueryNotFound"
PERSISTED_QUERY_REQUIRED = "PERSISTED_QUERY_REQUIRED"
PERSISTED_QUERY_INVALID = "PERSISTED_QUERY_INVALID"
METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"

# Documents staff may register per process; each is at most SLOTGRAPH_MAX_DOCUMENT_BYTES.
REGISTERED_DOCUMENTS = 500

_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


class PersistedQueryRefused(Exception):
    """A request the persisted-query rules refuse before anything runs."""

    def __init__(self, code: str, message: str, status: int = 200) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


@dataclass(frozen=True, slots=True)
class Resolved:
    """What to execute: the request with its document's text, and what to do afterwards."""

    request_data: GraphQLRequestData
    # The hash to register once the document has run (a staff caller's new document).
    register: str | None = None


class RegisteredDocuments:
    """The documents staff registered (automatic persisted queries), least recently used out."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self.entries: OrderedDict[str, PersistedDocument] = OrderedDict()

    def get(self, sha: str) -> PersistedDocument | None:
        entry = self.entries.get(sha)
        if entry is not None:
            self.entries.move_to_end(sha)
        return entry

    def put(self, sha: str, document: str) -> None:
        if sha in self.entries:
            self.entries.move_to_end(sha)
            return
        self.entries[sha] = persisted_document(document)
        while len(self.entries) > self.maxsize:
            self.entries.popitem(last=False)


class PersistedQueries:
    """Turns a request by hash into one with its document, or refuses it."""

    def __init__(
        self,
        manifest: Mapping[str, PersistedDocument],
        *,
        persisted_only: frozenset[Role] = frozenset(),
        registered: int = REGISTERED_DOCUMENTS,
    ) -> None:
        self.manifest = manifest
        self.persisted_only = persisted_only
        self.registered = RegisteredDocuments(registered)

    def restricted(self, viewer: Viewer | None) -> bool:
        """Whether the caller may run only the manifest's operations."""
        return viewer is not None and viewer.role in self.persisted_only

    def resolve(self, data: GraphQLRequestData, viewer: Viewer | None, method: str) -> Resolved:
        """The request to execute; PersistedQueryRefused when the rules refuse it."""
        extension = (data.extensions or {}).get("persistedQuery")
        if extension is None:
            self._check_free_text(data, viewer, method)
            return Resolved(data)
        if method == "GET" and data.query:
            raise PersistedQueryRefused(
                PERSISTED_QUERY_INVALID,
                "GET runs persisted queries by hash only; send the query text with POST",
                400,
            )
        sha = _requested_hash(extension)
        restricted = self.restricted(viewer)
        entry = self.manifest.get(sha)
        if entry is None and not restricted:
            entry = self.registered.get(sha)
        if method == "GET" and entry is not None:
            _check_get(entry, data.operation_name)
        if not data.query:
            if entry is None:
                raise PersistedQueryRefused(PERSISTED_QUERY_NOT_FOUND, NOT_FOUND_MESSAGE)
            return Resolved(replace(data, query=entry.document))
        if entry is not None and entry.document == data.query:
            return Resolved(data)
        if document_hash(data.query) != sha:
            raise PersistedQueryRefused(
                PERSISTED_QUERY_INVALID,
                "extensions.persistedQuery.sha256Hash is not the SHA-256 of the query",
                400,
            )
        if restricted:
            raise _required(viewer)
        # Only staff add to the per-process cache; anyone else's text runs unregistered.
        trusted = viewer is not None and viewer.is_staff
        return Resolved(data, register=sha if trusted else None)

    def register(self, sha: str, document: str) -> None:
        """Remember a staff document that has run, so its hash alone works from now on."""
        self.registered.put(sha, document)

    def _check_free_text(
        self, data: GraphQLRequestData, viewer: Viewer | None, method: str
    ) -> None:
        if method == "GET":
            raise PersistedQueryRefused(
                PERSISTED_QUERY_REQUIRED,
                "GET runs persisted queries only (extensions.persistedQuery.sha256Hash); "
                "send other operations with POST",
                400,
            )
        # The shared operations' exact text is as good as their hash (one SHA-256, only for
        # restricted callers).
        if self.restricted(viewer) and document_hash(data.query or "") not in self.manifest:
            raise _required(viewer)


def _requested_hash(extension: object) -> str:
    """The hash of `extensions.persistedQuery` (version 1, 64 lower-case hex digits)."""
    if not isinstance(extension, dict) or extension.get("version") != 1:
        raise PersistedQueryRefused(
            PERSISTED_QUERY_INVALID,
            "extensions.persistedQuery must be {version: 1, sha256Hash: <hex SHA-256>}",
            400,
        )
    sha = extension.get("sha256Hash")
    if not isinstance(sha, str) or not _SHA256_HEX.fullmatch(sha):
        raise PersistedQueryRefused(
            PERSISTED_QUERY_INVALID,
            "extensions.persistedQuery.sha256Hash must be 64 lower-case hexadecimal digits",
            400,
        )
    return sha


def _check_get(entry: PersistedDocument, operation_name: str | None) -> None:
    """GET only reads: a mutation by hash must come by POST."""
    kind = entry.operation_type(operation_name)
    if kind is not None and kind != "query":
        raise PersistedQueryRefused(
            METHOD_NOT_ALLOWED, f"A {kind} runs only with POST, never GET", 405
        )


def _required(viewer: Viewer | None) -> PersistedQueryRefused:
    role = viewer.role.value if viewer is not None else "anonymous"
    return PersistedQueryRefused(
        PERSISTED_QUERY_REQUIRED,
        f"A {role} token may run only the persisted operations: send "
        "extensions.persistedQuery.sha256Hash of one of them (slotgraph export-operations)",
    )
