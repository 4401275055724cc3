"""Every shared operation on the demo practice, with one variable at a time replaced by a
hostile value: no answer is INTERNAL, and a refused request writes nothing.

The values are the ones fuzzing turned into INTERNAL errors before the input rules (NUL, a
lone surrogate, 100 KB of text, a time with an offset, 9999-12-31, extreme ints) and the last
accepted date, whose arithmetic (weeks, months, 180 days of slots) must stay in range.
"""

from __future__ import annotations

import json

from sqlalchemy import text

from db.demo import seed_demo_data
from server.settings import DEMO_SECRET
from server.tokens import read_token
from tests.support.graphql_errors import codes, refused
from tests.support.paths import OPERATIONS
from tests.support.shared_operations import HTTP_DOCUMENTS, demo_headers
from tests.support.variables import leaves, put

HOSTILE_TEXT = ["\x00", "a\ud800", "x" * 100_000, "10:00+05:00", "9999-12-31", "2200-12-31", "NaN"]
HOSTILE_INT = [2**31 - 1, -(2**31), 0]

# One statement that changes whenever anything a mutation may write changes.
FINGERPRINT = text(
    "SELECT (SELECT count(*) FROM appointments), (SELECT max(version) FROM appointments),"
    " (SELECT count(*) FROM appointment_history), (SELECT count(*) FROM idempotency_keys),"
    " (SELECT count(*) FROM waitlist_history), (SELECT count(*) FROM blockouts),"
    " (SELECT count(*) FROM schedule_notes), (SELECT count(*) FROM locations),"
    " (SELECT count(*) FROM patient_recalls), (SELECT count(*) FROM production_goals)"
)


async def test_hostile_values_in_every_shared_operation(engine, execute):
    async with engine.begin() as connection:
        await seed_demo_data(connection)
    viewer = read_token(demo_headers()["Authorization"].removeprefix("Bearer "), secret=DEMO_SECRET)
    problems = []
    for document_path in HTTP_DOCUMENTS:  # subscriptions run over WebSocket only
        document = document_path.read_text()
        variables = json.loads((OPERATIONS / f"{document_path.stem}.json").read_text())
        for path, value in leaves(variables):
            if isinstance(value, bool):
                continue
            for new in HOSTILE_INT if isinstance(value, int) else HOSTILE_TEXT:
                async with engine.connect() as connection:
                    before = (await connection.execute(FINGERPRINT)).one()
                result = await execute(document, put(variables, path, new), viewer=viewer)
                if "INTERNAL" in codes(result):
                    problems.append((document_path.stem, path, repr(new)[:20], "INTERNAL"))
                elif refused(result):
                    async with engine.connect() as connection:
                        if (await connection.execute(FINGERPRINT)).one() != before:
                            problems.append((document_path.stem, path, repr(new)[:20], "wrote"))
    assert problems == []
