"""Log lines as production writes them (server/log_format.py), captured during a test."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from server.log_format import JsonFormatter


class CapturedLog:
    """The text a JSON handler on the root logger wrote, and its records parsed."""

    def __init__(self) -> None:
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.setFormatter(JsonFormatter())

    @property
    def text(self) -> str:
        return self.stream.getvalue()

    def records(self) -> list[dict[str, Any]]:
        """Every line parsed; fails unless each is one JSON object."""
        parsed = [json.loads(line) for line in self.text.splitlines()]
        assert all(isinstance(record, dict) for record in parsed)
        return parsed


@contextmanager
def captured_log(level: int = logging.INFO) -> Iterator[CapturedLog]:
    """Capture every record of `level` and above written to any logger while active."""
    capture = CapturedLog()
    root = logging.getLogger()
    previous = root.level
    root.setLevel(level)
    root.addHandler(capture.handler)
    try:
        yield capture
    finally:
        root.removeHandler(capture.handler)
        root.setLevel(previous)


def strings(value: Any) -> Iterator[str]:
    """Every string (keys too) in a parsed JSON value, decoded."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
