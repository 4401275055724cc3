"""The executor that runs compiled plans where it can and graphql-core's machinery elsewhere.

graphql-core completes every object through `collect_and_execute_subfields`; for a selection
that compiles, this executor runs the cached plan instead (plain calls, one dict per object).
The plan never reports an error itself: when anything in it raises, or an awaitable it waits
for fails, the whole subtree runs again through the standard path, which is pure for queries
(resolvers only read, and the DataLoaders hold what they read), so the response, errors,
paths and null propagation are exactly the standard executor's.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Sequence
from functools import partial
from typing import Any

from graphql import (
    GraphQLObjectType,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
)
from graphql.execution.collect_fields import FieldDetails
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from schema.execution.compiler import PlanCompiler
from schema.execution.completers import NotCompilable, ObjectRunner, Run

PLAN_CACHE_SIZE = 1024
_DIRECTIVES_WITH_CONDITIONS = ("include", "skip")

# (schema id, type name, node ids, condition variable values) -> (kept nodes and schema, runner)
_plans: OrderedDict[tuple[Any, ...], tuple[tuple[Any, ...], Any, ObjectRunner | None]] = (
    OrderedDict()
)
# operation id -> (the operation, names of the variables its @include/@skip read)
_conditions: OrderedDict[int, tuple[OperationDefinitionNode, tuple[str, ...]]] = OrderedDict()


class CompilingExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context with compiled plans for queries' object selections."""

    _compiler: PlanCompiler | None = None
    _condition_values: tuple[Any, ...] | None = None

    def collect_and_execute_subfields(
        self,
        return_type: GraphQLObjectType,
        field_details_list: list[FieldDetails],
        path: Path,
        result: Any,
        position_context: Any,
    ) -> Any:
        standard = partial(
            super().collect_and_execute_subfields,
            return_type, field_details_list, path, result, position_context,
        )  # fmt: skip
        return self._run(self._runner(return_type, field_details_list), result, path, standard)

    def execute_root_grouped_field_set(
        self,
        root_type: GraphQLObjectType,
        root_value: Any,
        grouped_field_set: Any,
        serially: bool,
        position_context: Any,
    ) -> Any:
        standard = partial(
            super().execute_root_grouped_field_set,
            root_type, root_value, grouped_field_set, serially, position_context,
        )  # fmt: skip
        runner = None if serially else self._root_runner(root_type, grouped_field_set)
        return self._run(runner, root_value, None, standard)

    def _run(
        self, runner: ObjectRunner | None, source: Any, path: Path | None, standard: Any
    ) -> Any:
        """The plan's response for `source`; `standard()`'s without a plan or when it raises."""
        if runner is None:
            return standard()
        run = Run(self)
        try:
            data = runner(source, path, run)
        except Exception:
            run.discard()
            return standard()
        if not run.pending:
            return data
        return self._finish(run, data, standard)

    async def _finish(self, run: Run, data: dict[str, Any], standard: Any) -> dict[str, Any]:
        """Resolve the plan's awaitables round by round (each round's loads batch together)."""
        try:
            while run.pending:
                round_, run.pending = run.pending, []
                values = await asyncio.gather(
                    *(awaitable for awaitable, _ in round_), return_exceptions=True
                )
                for (_, then), value in zip(round_, values, strict=True):
                    if isinstance(value, BaseException):
                        raise value
                    then(value)
        except Exception:
            run.discard()
            completed = standard()
            if self.is_awaitable(completed):
                return await completed
            return completed
        return data

    def _root_runner(
        self, root_type: GraphQLObjectType, grouped_field_set: Any
    ) -> ObjectRunner | None:
        """A query's root fields as one plan (their arguments coerced per run)."""
        if self.operation.operation is not OperationType.QUERY:
            return None  # mutations run serially; a subscription's events are its own
        if not getattr(self.context_value, "compiled", True):
            return None
        operation = self.operation
        key = (id(self.schema), root_type.name, (id(operation),), self._conditions())
        cached = _plans.get(key)
        if cached is not None and cached[1] is self.schema and cached[0][0] is operation:
            _plans.move_to_end(key)
            return cached[2]
        runner: ObjectRunner | None
        try:
            if self._compiler is None:
                self._compiler = PlanCompiler(self)
            runner = self._compiler.grouped_runner(root_type, grouped_field_set)
        except NotCompilable:
            runner = None
        _plans[key] = ((operation,), self.schema, runner)
        if len(_plans) > PLAN_CACHE_SIZE:
            _plans.popitem(last=False)
        return runner

    def _runner(
        self, return_type: GraphQLObjectType, field_details_list: Sequence[FieldDetails]
    ) -> ObjectRunner | None:
        if self.operation.operation is OperationType.MUTATION:
            # Mutations keep graphql-core's serial semantics; a subscription's events read
            # only, as queries do (schema/live_results.py).
            return None
        if not getattr(self.context_value, "compiled", True):
            return None  # switched off (SLOTGRAPH_COMPILED=0, or a comparison)
        nodes = tuple(details.node for details in field_details_list)
        key = (
            id(self.schema),
            return_type.name,
            tuple(map(id, nodes)),
            self._conditions(),
        )
        cached = _plans.get(key)
        if (
            cached is not None
            and cached[1] is self.schema
            and all(a is b for a, b in zip(cached[0], nodes, strict=True))
        ):
            _plans.move_to_end(key)
            return cached[2]
        runner: ObjectRunner | None
        try:
            if self._compiler is None:
                self._compiler = PlanCompiler(self)
            runner = self._compiler.object_runner(return_type, list(field_details_list))
        except NotCompilable:
            runner = None
        # The nodes are kept so that their ids cannot be reused while the entry exists.
        _plans[key] = (nodes, self.schema, runner)
        if len(_plans) > PLAN_CACHE_SIZE:
            _plans.popitem(last=False)
        return runner

    def _conditions(self) -> tuple[Any, ...]:
        """Values of the variables that @include/@skip read: they change what is selected."""
        if self._condition_values is None:
            names = _condition_variables(self.operation, self.fragment_definitions)
            coerced = self.variable_values.coerced
            self._condition_values = tuple(repr(coerced.get(name)) for name in names)
        return self._condition_values


def _condition_variables(operation: OperationDefinitionNode, fragments: Any) -> tuple[str, ...]:
    cached = _conditions.get(id(operation))
    if cached is not None and cached[0] is operation:
        return cached[1]
    names: set[str] = set()
    selection_sets = [operation.selection_set, *(f.selection_set for f in fragments.values())]
    for selection_set in selection_sets:
        _collect_condition_variables(selection_set, names)
    result = tuple(sorted(names))
    _conditions[id(operation)] = (operation, result)
    if len(_conditions) > PLAN_CACHE_SIZE:
        _conditions.popitem(last=False)
    return result


def _collect_condition_variables(selection_set: SelectionSetNode | None, names: set[str]) -> None:
    if selection_set is None:
        return
    for selection in selection_set.selections:
        for directive in selection.directives or ():
            if directive.name.value in _DIRECTIVES_WITH_CONDITIONS:
                for argument in directive.arguments or ():
                    if isinstance(argument.value, VariableNode):
                        names.add(argument.value.name.value)
        _collect_condition_variables(getattr(selection, "selection_set", None), names)
