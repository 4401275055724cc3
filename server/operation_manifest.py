"""The persisted operations: every shared operation (graphql/operations/) by its hash.

A shared operation's document is its file followed by the fragments it spreads, directly or
through other fragments (graphql/operations/fragments/, one fragment per file named after it;
fragments are shared by all operations, as Apollo's and GraphQL Code Generator's tooling
treat a documents folder), each once, by name. The hash is the hex SHA-256 of that document's
exact text, as Apollo's automatic persisted queries send it in
`extensions.persistedQuery.sha256Hash`. The manifest is computed from the .graphql files when
the server starts (graphql/ holds only .graphql files, and a computed manifest cannot drift
from them); `slotgraph export-operations` writes the same manifest for clients in Apollo's
persisted query manifest format.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from graphql import (
    FragmentDefinitionNode,
    FragmentSpreadNode,
    Node,
    OperationDefinitionNode,
    Visitor,
    parse,
    visit,
)

from server.settings import PROJECT_ROOT

OPERATIONS_DIR = PROJECT_ROOT / "graphql" / "operations"
FRAGMENTS = "fragments"  # the subdirectory of an operations directory that holds fragments

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


class _Spreads(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_: object) -> None:
        self.names.add(node.name.value)


def _spread_names(document: Node) -> set[str]:
    spreads = _Spreads()
    visit(document, spreads)
    return spreads.names


@cache
def _fragments(directory: Path) -> dict[str, tuple[str, frozenset[str]]]:
    """Fragment name -> (its file's text, the fragments it spreads), for every fragment file."""
    fragments: dict[str, tuple[str, frozenset[str]]] = {}
    for path in sorted((directory / FRAGMENTS).glob("*.graphql")):
        text = path.read_text(encoding="utf-8")
        parsed = parse(text, no_location=True)
        names = [d.name.value for d in parsed.definitions if isinstance(d, FragmentDefinitionNode)]
        if names != [path.stem] or len(parsed.definitions) != 1:
            raise ValueError(f"{path} must hold exactly one fragment, named {path.stem}")
        fragments[path.stem] = (text, frozenset(_spread_names(parsed)))
    return fragments


def operation_names(directory: Path = OPERATIONS_DIR) -> list[str]:
    """The shared operations' names (their files' names), sorted."""
    return sorted(path.stem for path in directory.glob("*.graphql"))


def operation_document(name: str, directory: Path = OPERATIONS_DIR) -> str:
    """The document of the shared operation `name`: its file, then every fragment it uses
    (directly or through other fragments) once, by name, each as its file holds it."""
    text = (directory / f"{name}.graphql").read_text(encoding="utf-8")
    fragments = _fragments(directory)
    wanted: set[str] = set()
    pending = _spread_names(parse(text, no_location=True))
    while pending:
        fragment = pending.pop()
        if fragment not in fragments:
            raise ValueError(f"{name} spreads the unknown fragment {fragment}")
        if fragment not in wanted:
            wanted.add(fragment)
            pending |= fragments[fragment][1]
    parts = [text.rstrip("\n")] + [fragments[f][0].rstrip("\n") for f in sorted(wanted)]
    return "\n\n".join(parts) + "\n"


@cache
def load_manifest(directory: Path = OPERATIONS_DIR) -> Mapping[str, PersistedDocument]:
    """Hash -> document for every shared operation of `directory`, in name order.

    Read once per process (~17 ms: every app of a process, e.g. each test's, shares it) and
    read-only, being shared.
    """
    manifest: dict[str, PersistedDocument] = {}
    for name in operation_names(directory):
        text = operation_document(name, directory)
        manifest[document_hash(text)] = persisted_document(text)
    return MappingProxyType(manifest)


def manifest_json(manifest: Mapping[str, PersistedDocument]) -> dict[str, object]:
    """The manifest as Apollo's persisted query manifest (version 1): id, name, type, body."""
    operations = []
    for sha, entry in manifest.items():
        ((name, kind),) = entry.operations.items()  # one named operation per shared file
        operations.append({"id": sha, "name": name, "type": kind, "body": entry.document})
    return {"format": MANIFEST_FORMAT, "version": 1, "operations": operations}
