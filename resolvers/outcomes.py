"""What a mutation returns to its field: a typed outcome, stored as JSON under the request's
idempotency key and read back, the same type, when the key is retried.

An outcome is a frozen dataclass of ids, text, numbers, flags, instants, enums (stored by
value), tuples of these and other such dataclasses; `to_json` and `from_json` follow its
annotations, so a new outcome needs no code of its own to be stored. It also says which
cached rows the mutation made stale (`forget`), so the payload reads them fresh.
"""

from __future__ import annotations

import enum
import types
import uuid
from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass
from datetime import datetime
from typing import Any, Protocol, TypeVar, Union, cast, get_args, get_origin, get_type_hints

from db.loaders import Loaders


class Outcome(Protocol):
    """A mutation's typed result (a dataclass, see the module's docstring)."""

    def forget(self, loaders: Loaders) -> None:
        """Drop what this request's loaders cached of the rows the mutation changed."""


OutcomeT = TypeVar("OutcomeT", bound=Outcome)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Written:
    """The one row a mutation created, changed or deleted."""

    id: uuid.UUID

    def forget(self, loaders: Loaders) -> None:
        loaders.forget_row(self.id)


def to_json(outcome: Any) -> dict[str, Any]:
    """The outcome's JSON-ready form: field by field."""
    return {field.name: _dumped(getattr(outcome, field.name)) for field in fields(outcome)}


def _dumped(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_dumped(item) for item in value]
    if is_dataclass(value):
        return to_json(value)
    raise TypeError(f"An outcome cannot hold a {type(value).__name__}")


def from_json(kind: type[T], data: dict[str, Any]) -> T:
    """An outcome of `kind` back from `to_json`'s form (a field left out takes its default)."""
    hints = get_type_hints(kind)
    shape: Any = kind  # a dataclass (mypy cannot see it through the TypeVar)
    values = {f.name: _loaded(hints[f.name], data[f.name]) for f in fields(shape) if f.name in data}
    return kind(**values)


# Values JSON holds as text, and how each is read back.
_FROM_TEXT: dict[Any, Callable[[Any], Any]] = {
    uuid.UUID: uuid.UUID,
    datetime: datetime.fromisoformat,
}


def _loaded(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(hint)
    if origin is Union or origin is types.UnionType:  # X | None
        (inner,) = [arg for arg in get_args(hint) if arg is not type(None)]
        return _loaded(inner, value)
    if origin is tuple:
        return _loaded_tuple(get_args(hint), value)
    if is_dataclass(hint):
        return from_json(cast(type, hint), value)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint(value)
    return _FROM_TEXT.get(hint, _as_is)(value)  # str, int, bool: as JSON has them


def _loaded_tuple(args: tuple[Any, ...], value: list[Any]) -> tuple[Any, ...]:
    if len(args) == 2 and args[1] is Ellipsis:  # tuple[X, ...]
        return tuple(_loaded(args[0], item) for item in value)
    return tuple(_loaded(arg, item) for arg, item in zip(args, value, strict=True))


def _as_is(value: Any) -> Any:
    return value
