"""The persisted operations: every shared operation (graphql/operations/) by its hash.

The hash is the hex SHA-256 of the document's exact text, as Apollo's automatic persisted
queries send it in `extensions.persistedQuery.sha256Hash`. The manifest is computed from the
.graphql files when the server starts (graphql/ holds only .graphql files, and a computed
manifest cannot drift from them); `slotgraph export-operations` writes the same manifest for
clients in Apollo's persisted query manifest format.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from graphql import OperationDefinitionNode, parse

from server.settings import PROJECT_ROOT

OPERATIONS_DIR = PROJECT_ROOT / "graphql" / "operations"

# The format Apollo's tooling reads (@apollo/persisted-query-lists, Apollo Kotlin, Router).
MANIFEST_FORMAT = "apollo-persisted-query-manifest"


@dataclass(frozen=True, slots=True)
class PersistedDocument:
    """One document the server runs by hash, with the type of each operation it holds."""

    document: str
    # Operation name (None for an anonymous one) -> "query", "mutation" or "subscription".
    operations: dict[str | None, str]

    def operation_type(self, operation_name: str | None) -> str | None:
        """The type of the operation a request picks, or None when the name picks none."""
        if operation_name is None and len(self.operations) == 1:
            return next(iter(self.operations.values()))
        return self.operations.get(operation_name)


def document_hash(document: str) -> str:
    """The hex SHA-256 of a document's text (APQ's `sha256Hash`)."""
    return hashlib.sha256(document.encode()).hexdigest()


def persisted_document(document: str) -> PersistedDocument:
    """A document with its operations' types (parsed once, when it is persisted)."""
    parsed = parse(document, no_location=True)
    operations = {
        (node.name.value if node.name else None): node.operation.value
        for node in parsed.definitions
        if isinstance(node, OperationDefinitionNode)
    }
    return PersistedDocument(document, operations)


@cache
def load_manifest(directory: Path = OPERATIONS_DIR) -> Mapping[str, PersistedDocument]:
    """Hash -> document for every .graphql file of `directory`, in file name order.

    Read once per process (~17 ms: every app of a process, e.g. each test's, shares it) and
    read-only, being shared.
    """
    manifest: dict[str, PersistedDocument] = {}
    for path in sorted(directory.glob("*.graphql")):
        text = path.read_text(encoding="utf-8")
        manifest[document_hash(text)] = persisted_document(text)
    return MappingProxyType(manifest)


def manifest_json(manifest: Mapping[str, PersistedDocument]) -> dict[str, object]:
    """The manifest as Apollo's persisted query manifest (version 1): id, name, type, body."""
    operations = []
    for sha, entry in manifest.items():
        ((name, kind),) = entry.operations.items()  # one named operation per shared file
        operations.append({"id": sha, "name": name, "type": kind, "body": entry.document})
    return {"format": MANIFEST_FORMAT, "version": 1, "operations": operations}
