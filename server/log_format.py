"""Log lines as one JSON object each, with the request id of the request that wrote them.

JSON escapes every control character (a newline in a value stays inside its string), and
the other line separators are escaped here, so a line is always one record and a value
cannot forge another. Exceptions are logged as their
types and frames only: an exception's text can carry SQL, parameters or values a client sent
(SQLAlchemy's DBAPIError includes the statement), and a traceback needs none of it.
"""

from __future__ import annotations

import json
import logging
import traceback
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import orjson

# Set by server/request_log.py for the duration of one HTTP request.
current_request_id: ContextVar[str | None] = ContextVar("current_request_id", default=None)

# Structured fields of a record: logger.info("...", extra={FIELDS: {...}}).
FIELDS = "fields"
_PROJECT_ROOT = str(Path(__file__).resolve().parent.parent) + "/"
_SITE_PACKAGES = "site-packages/"
_MAX_CHAINED = 5
# What str.splitlines() and some log readers also end a line at, besides the control
# characters JSON escapes: NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR.
_SEPARATORS = [(chr(c), f"\\u{c:04x}") for c in (0x85, 0x2028, 0x2029)]


class JsonFormatter(logging.Formatter):
    """time, level, logger, msg, requestId (in a request), the record's fields, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        request_id = current_request_id.get()
        if request_id is not None:
            entry["requestId"] = request_id
        fields = getattr(record, FIELDS, None)
        if isinstance(fields, dict):
            entry.update(fields)
        if record.exc_info and record.exc_info[1] is not None:
            entry["exception"] = exception_summary(record.exc_info[1])
        try:
            # default=str: a field of another type is written as its text, not dropped.
            line = orjson.dumps(entry, default=str).decode()
        except TypeError:
            # orjson refuses lone surrogates (valid in a client's JSON); the standard
            # encoder escapes them, and everything else not ASCII.
            return json.dumps(entry, default=str)
        if not line.isascii():
            # JSON allows these raw in strings, but some readers end a line at them.
            for separator, escaped in _SEPARATORS:
                line = line.replace(separator, escaped)
        return line


def exception_summary(error: BaseException) -> dict[str, Any]:
    """The exception's type, the types of its causes, and its frames: never its text."""
    causes: list[str] = []
    seen = error.__cause__ or error.__context__
    while seen is not None and len(causes) < _MAX_CHAINED:
        causes.append(_type_name(seen))
        seen = seen.__cause__ or seen.__context__
    summary: dict[str, Any] = {"type": _type_name(error), "frames": frames(error.__traceback__)}
    if causes:
        summary["causes"] = causes
    return summary


def frames(tb: TracebackType | None) -> list[str]:
    """`file:line function` of each frame, innermost last; no source lines, no locals."""
    stack = traceback.StackSummary.extract(traceback.walk_tb(tb), lookup_lines=False)
    return [f"{_short(frame.filename)}:{frame.lineno} {frame.name}" for frame in stack]


def _type_name(error: BaseException) -> str:
    kind = type(error)
    if kind.__module__ == "builtins":
        return kind.__qualname__
    return f"{kind.__module__}.{kind.__qualname__}"


def _short(filename: str) -> str:
    if filename.startswith(_PROJECT_ROOT):
        return filename[len(_PROJECT_ROOT) :]
    _, found, rest = filename.partition(_SITE_PACKAGES)
    return rest if found else filename


def strip_query_string(record: logging.LogRecord) -> bool:
    """uvicorn's access log without the query string, which can carry a GET's variables."""
    args = record.args
    if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
        record.args = (args[0], args[1], args[2].partition("?")[0], args[3], args[4])
    return True


def json_handler() -> logging.Handler:
    """A stderr handler writing JsonFormatter lines."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    return handler
