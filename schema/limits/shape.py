"""The shape of a parsed document, measured before validation and checked against the limits.

graphql-core's validation is the expensive step for a hostile document (100k aliases, repeated
fields: seconds of CPU), and Strawberry's QueryDepthLimiter and MaxAliasesLimiter run inside
that same validation pass and report no code. So one cheap walk over the document runs first;
fragments are measured once each (a spread repeats a number, not a walk) and a cycle counts as
nothing here (validation rejects it).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    Visitor,
    visit,
)

from resolvers.query_limits import QueryLimits
from schema.limits import errors


@dataclass(slots=True)
class _Counts:
    """Depth and aliases below one selection set (fragments expanded), and the response
    names it selects at its own level (through inline fragments and spreads)."""

    depth: int = 0
    aliases: int = 0
    names: Counter[str] = field(default_factory=Counter)


@dataclass(slots=True)
class _Walker:
    fragments: dict[str, FragmentDefinitionNode]
    max_nesting: int
    measured: dict[str, _Counts] = field(default_factory=dict)
    in_progress: set[str] = field(default_factory=set)
    # Fields selected again under a response name their level already has: graphql-core
    # compares such fields pairwise (and their subtrees), quadratic in their number.
    repeated: int = 0

    def merged_level(self, node: SelectionSetNode | None, nesting: int) -> _Counts:
        """A field's (or the operation's) selection: where same-named fields are merged."""
        counts = self.selection_set(node, nesting)
        self.repeated += sum(count - 1 for count in counts.names.values())
        return counts

    def selection_set(self, node: SelectionSetNode | None, nesting: int) -> _Counts:
        counts = _Counts()
        if node is None:
            return counts
        if nesting > self.max_nesting:
            # Deeper than any allowed query, however the levels are made: stop walking here.
            raise errors.LimitExceeded(errors.QUERY_TOO_DEEP, "The query is nested too deeply")
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                below = self.merged_level(selection.selection_set, nesting + 1)
                depth, aliases = below.depth + 1, below.aliases + (selection.alias is not None)
                counts.names[(selection.alias or selection.name).value] += 1
            else:
                if isinstance(selection, InlineFragmentNode):
                    below = self.selection_set(selection.selection_set, nesting + 1)
                else:
                    assert isinstance(selection, FragmentSpreadNode)
                    below = self.fragment(selection.name.value, nesting + 1)
                depth, aliases = below.depth, below.aliases
                counts.names.update(below.names)
            counts.depth = max(counts.depth, depth)
            counts.aliases += aliases
        return counts

    def fragment(self, name: str, nesting: int) -> _Counts:
        known = self.measured.get(name)
        if known is not None:
            return known
        definition = self.fragments.get(name)
        if definition is None or name in self.in_progress:
            return _Counts()  # unknown or cyclic: validation reports it
        self.in_progress.add(name)
        counts = self.selection_set(definition.selection_set, nesting)
        self.in_progress.discard(name)
        self.measured[name] = counts
        return counts


class _Tally(Visitor):
    """Field and directive nodes written in the document (what validation walks)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields = 0
        self.directives = 0

    def enter_field(self, *_: object) -> None:
        self.fields += 1

    def enter_directive(self, *_: object) -> None:
        self.directives += 1


def _root_fields(operation: OperationDefinitionNode, walker: _Walker) -> int:
    """Top-level fields, through fragments at the top level."""
    count = 0
    pending: list[SelectionSetNode] = [operation.selection_set]
    seen: set[str] = set()
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FieldNode):
                count += 1
            elif isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name not in seen and name in walker.fragments:
                    seen.add(name)
                    pending.append(walker.fragments[name].selection_set)
    return count


def check_shape(document: DocumentNode, limits: QueryLimits) -> None:
    """Raise LimitExceeded (with its code) if the document is over a shape limit."""
    tally = _Tally()
    visit(document, tally)
    if tally.fields > limits.max_fields:
        raise errors.LimitExceeded(
            errors.QUERY_TOO_LARGE,
            f"The query selects {tally.fields} fields; at most {limits.max_fields} are allowed",
        )
    if tally.directives > limits.max_directives:
        raise errors.LimitExceeded(
            errors.TOO_MANY_DIRECTIVES,
            f"The query uses {tally.directives} directives; "
            f"at most {limits.max_directives} are allowed",
        )
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    # Inline fragments and spreads nest without adding depth; they still must not nest forever.
    walker = _Walker(fragments, max_nesting=3 * limits.max_depth)
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    depth = aliases = root_fields = 0
    for operation in operations:
        counts = walker.merged_level(operation.selection_set, 0)
        depth, aliases = max(depth, counts.depth), aliases + counts.aliases
        root_fields = max(root_fields, _root_fields(operation, walker))
    if walker.repeated > limits.max_repeated_fields:
        raise errors.LimitExceeded(
            errors.QUERY_TOO_LARGE,
            f"The query selects {walker.repeated} fields again under a name already selected; "
            f"at most {limits.max_repeated_fields} are allowed",
        )
    _check_counts(depth, aliases, root_fields, limits)


def _check_counts(depth: int, aliases: int, root_fields: int, limits: QueryLimits) -> None:
    if depth > limits.max_depth:
        raise errors.LimitExceeded(
            errors.QUERY_TOO_DEEP, f"The query is {depth} levels deep; at most {limits.max_depth}"
        )
    if aliases > limits.max_aliases:
        raise errors.LimitExceeded(
            errors.TOO_MANY_ALIASES,
            f"The query uses {aliases} aliases; at most {limits.max_aliases} are allowed",
        )
    if root_fields > limits.max_root_fields:
        raise errors.LimitExceeded(
            errors.TOO_MANY_ROOT_FIELDS,
            f"The operation selects {root_fields} root fields; "
            f"at most {limits.max_root_fields} are allowed",
        )
