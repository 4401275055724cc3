"""The JSON log formatter: one line per record whatever the values, exceptions as types and
frames, the request id of the request that logged."""

from __future__ import annotations

import json
import logging

from server.log_format import FIELDS, JsonFormatter, current_request_id

LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
FORGED = '{"level":"ERROR","logger":"slotgraph.requests","msg":"forged"}'


def record(
    message: str, *args: object, fields: dict[str, object] | None = None
) -> logging.LogRecord:
    return logging.getLogger("slotgraph.test").makeRecord(
        "slotgraph.test", logging.INFO, __file__, 1, message, args, None, extra={FIELDS: fields}
    )


def test_every_line_break_and_control_character_stays_inside_one_line():
    value = "".join(f"{char}{FORGED}" for char in LINE_BREAKS) + "\x00\x1b[31m\ud800"
    line = JsonFormatter().format(record("value %s", value, fields={"path": value}))
    assert len(line.splitlines()) == 1
    parsed = json.loads(line)
    assert (parsed["msg"], parsed["path"]) == (f"value {value}", value)
    assert (parsed["level"], parsed["logger"]) == ("INFO", "slotgraph.test")


def test_an_exception_is_its_types_and_frames_never_its_text():
    def fail() -> None:
        try:
            raise ValueError("SELECT * FROM patients WHERE last_name = 'Quixotefax'")
        except ValueError as exc:
            raise RuntimeError("note: Planted note") from exc

    try:
        fail()
    except RuntimeError as exc:
        error = exc
    line = JsonFormatter().format(
        logging.getLogger("slotgraph.test").makeRecord(
            "slotgraph.test", logging.ERROR, __file__, 1, "failed", (), (type(error), error, None)
        )
    )
    assert [word for word in ("Quixotefax", "Planted", "SELECT") if word in line] == []
    exception = json.loads(line)["exception"]
    assert (exception["type"], exception["causes"]) == ("RuntimeError", ["ValueError"])
    assert exception["frames"][-1].startswith("tests/unit/test_log_format.py:")
    assert exception["frames"][-1].endswith(" fail")


def test_records_written_during_a_request_carry_its_id():
    formatter = JsonFormatter()
    assert "requestId" not in json.loads(formatter.format(record("outside")))
    token = current_request_id.set("0123456789abcdef")
    try:
        assert json.loads(formatter.format(record("inside")))["requestId"] == "0123456789abcdef"
    finally:
        current_request_id.reset(token)
