"""Hypothesis strategies for hostile input values, and a way to draw them outside @given.

The schema runs on the session's event loop (asyncpg connections belong to it), so the fuzz
tests draw a fixed, derandomized batch of values with hypothesis first and then send them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import TypeVar

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

T = TypeVar("T")

# What fuzzing found or might: NUL, other controls, a lone surrogate, separators, BOM.
_HOSTILE = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\ud800", "\u2028", "\ufeff", "\t", "\n", "\r"]

hostile_text = st.one_of(
    st.text(max_size=30),
    st.lists(st.sampled_from(_HOSTILE) | st.text(max_size=5), max_size=6).map("".join),
    st.sampled_from([0, 1, 7, 10, 20, 21, 64, 100, 101, 199, 200, 201, 2000, 2001, 100_000]).map(
        lambda n: "x" * n
    ),
)

_OFFSETS = st.sampled_from([UTC, timezone(timedelta(hours=5)), timezone(-timedelta(hours=6))])

temporal_text = st.one_of(
    st.dates().map(date.isoformat),
    st.sampled_from(["1900-01-01", "2200-12-31", "1899-12-31", "2201-01-01", "9999-12-31"]),
    st.times().map(time.isoformat),
    st.times(timezones=_OFFSETS).map(time.isoformat),
    st.datetimes(timezones=_OFFSETS).map(datetime.isoformat),
    st.datetimes().map(datetime.isoformat),
    st.sampled_from(["24:00", "10:00+05:00", "11:11:11.111111" + "1" * 1000, "2026-W47-1", "T"]),
    hostile_text,
)

int32 = st.integers(-(2**31), 2**31 - 1)


def examples(strategy: st.SearchStrategy[T], count: int) -> list[T]:
    """`count` values drawn by hypothesis, the same ones on every run (derandomized)."""
    found: list[T] = []

    @settings(
        max_examples=count,
        database=None,
        derandomize=True,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(value: T) -> None:
        found.append(value)

    collect()
    return found
