"""The example variables of graphql/operations/, moved from REFERENCE_ANCHOR to another anchor.

The examples are written for the demo laid out around REFERENCE_ANCHOR. Moved by whole weeks,
each date keeps its weekday and its place in the demo (the same ids, the same free slots), and
each instant keeps its wall-clock time at Riverside Main (its UTC offset follows DST).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from db.demo.calendar import REFERENCE_ANCHOR
from db.demo.ids import MAIN_TIME_ZONE
from scheduling.local_time import resolve_local_time, zone_named

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?[+-]\d{2}:\d{2}")


def moved_example(variables: Any, anchor: date) -> Any:
    """`variables` (parsed JSON) with every date and instant moved to the demo around `anchor`."""
    return _move(variables, anchor - REFERENCE_ANCHOR)


def _move(value: Any, shift: timedelta) -> Any:
    if isinstance(value, dict):
        return {key: _move(item, shift) for key, item in value.items()}
    if isinstance(value, list):
        return [_move(item, shift) for item in value]
    if isinstance(value, str):
        return moved_text(value, shift)
    return value


def moved_text(text: str, shift: timedelta) -> str:
    """A date (YYYY-MM-DD) or an instant with an offset moved by `shift`; other text as is."""
    if _DATE.fullmatch(text):
        return (date.fromisoformat(text) + shift).isoformat()
    if _INSTANT.fullmatch(text):
        zone = zone_named(MAIN_TIME_ZONE)
        wall = datetime.fromisoformat(text).astimezone(zone)
        moved = resolve_local_time(wall.date() + shift, wall.time(), zone)
        return moved.astimezone(zone).isoformat()
    return text
