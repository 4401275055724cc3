"""Validly signed tokens with claims of the wrong type are UNAUTHENTICATED, never HTTP 500."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from resolvers.viewer import Role
from server.tokens import ISSUER, InvalidToken, mint_token, read_token
from tests.support.factories import make_practice
from tests.support.lifecycle_documents import BOOK, booking_input, database_state
from tests.support.tokens import TEST_SECRET


def signed(**claims: Any) -> str:
    """A token signed with the test secret: valid staff claims overridden by `claims`."""
    now = datetime.now(UTC)
    values: dict[str, Any] = {
        "iss": ISSUER,
        "sub": "desk",
        "org": "0fef8310-6f71-529b-8445-444319b8e4f3",
        "role": "staff",
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(hours=1)).timestamp()),
    }
    values.update(claims)
    return hs256(values)


def hs256(claims: dict[str, Any]) -> str:
    """Sign by hand: PyJWT refuses to encode some mistyped claims (an `iss` list)."""

    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    header = part(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = part(json.dumps(claims).encode())
    signature = hmac.new(TEST_SECRET.encode(), f"{header}.{body}".encode(), hashlib.sha256)
    return f"{header}.{body}.{part(signature.digest())}"


BAD_CLAIMS = [
    {"org": 42},
    {"org": ["0fef8310-6f71-529b-8445-444319b8e4f3"]},
    {"org": {"id": 1}},
    {"org": "not-a-uuid"},
    {"org": None},
    {"role": "admin"},
    {"role": 1},
    {"role": ["staff"]},
    {"role": "patient", "pid": 7},
    {"role": "patient", "pid": "nobody"},
    {"role": "patient"},
    {"sub": "s" * 201},
    {"sub": 12},
    {"sub": ""},
    {"sub": "desk\x00"},
    {"sub": ["desk"]},
    {"exp": "tomorrow"},
    {"iss": ["slotgraph"]},
    {"iat": [1]},
]


@pytest.mark.parametrize("claims", BAD_CLAIMS)
def test_bad_claims_are_invalid_tokens(claims):
    with pytest.raises(InvalidToken, match="The bearer token is not valid"):
        read_token(signed(**claims), secret=TEST_SECRET)


def test_a_subject_of_200_printable_characters_is_fine():
    viewer = read_token(signed(sub="é" * 200), secret=TEST_SECRET)
    assert viewer.subject == "é" * 200
    assert viewer.role is Role.STAFF


def test_minting_refuses_a_subject_that_could_not_be_stored():
    with pytest.raises(ValueError, match="1 to 200"):
        mint_token(
            secret=TEST_SECRET,
            organization_id=__import__("uuid").uuid4(),
            role=Role.STAFF,
            subject="s" * 300,
        )


@pytest.mark.parametrize("claims", [{"org": 42}, {"org": ["x"]}, {"sub": "s" * 300}])
async def test_over_http_bad_claims_are_unauthenticated_and_write_nothing(engine, http, claims):
    practice = await make_practice(engine)
    token = signed(**{"org": str(practice.org.id), **claims})
    headers = {"Authorization": f"Bearer {token}"}
    query = await http.post("/graphql", json={"query": "{ locations { id } }"}, headers=headers)
    assert query.status_code == 200
    body = query.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}
    assert body["errors"][0]["message"].startswith("The bearer token is not valid")
    # A mutation answers exactly as it does for a forged signature, and writes nothing.
    before = await database_state(engine)
    mutation = {"query": BOOK, "variables": {"input": booking_input(practice)}}
    response = await http.post("/graphql", json=mutation, headers=headers)
    forged = await http.post(
        "/graphql", json=mutation, headers={"Authorization": f"Bearer {token[:-2]}xx"}
    )
    assert response.status_code == forged.status_code == 200
    # (UNAUTHENTICATED as a GraphQL error: a missing token is not a userErrors code)
    for answer in (response.json(), forged.json()):
        assert answer["data"] is None
        [error] = answer["errors"]
        assert error["extensions"] == {"code": "UNAUTHENTICATED"}
        assert error["message"].startswith("The bearer token is not valid")
    assert await database_state(engine) == before
