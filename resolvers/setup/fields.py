"""Checks of the values setup inputs share: names, short labels, colors, positions."""

from __future__ import annotations

import re

from resolvers.errors import Validation

COLOR = re.compile(r"#[0-9a-fA-F]{6}")


def text(value: str, *, field: str, longest: int) -> str:
    """Trimmed text of 1 to `longest` characters, or VALIDATION on `field`."""
    clean = value.strip()
    if not 1 <= len(clean) <= longest:
        raise Validation(f"{field} must be 1 to {longest} characters", field=field)
    return clean


def optional_text(value: str | None, *, field: str, longest: int) -> str | None:
    """Trimmed text, None for blank, or VALIDATION when longer than `longest`."""
    if value is None or not value.strip():
        return None
    return text(value, field=field, longest=longest)


def color(value: str) -> str:
    """A #rrggbb color, lower case, or VALIDATION."""
    if not COLOR.fullmatch(value):
        raise Validation("color must be #rrggbb", field="color")
    return value.lower()


def whole(value: int, *, field: str, low: int, high: int) -> int:
    """An integer from low to high, or VALIDATION."""
    if not low <= value <= high:
        raise Validation(f"{field} must be between {low} and {high}", field=field)
    return value


def present(values: dict[str, object]) -> dict[str, object]:
    """The fields an update sets (None leaves a field as it is)."""
    return {name: value for name, value in values.items() if value is not None}
