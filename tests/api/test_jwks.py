"""Tokens from an identity provider: RS256 and ES256 verified with keys from a JWKS URL
(served here by a local HTTP server), cached, refetched on rotation, with `iss` and `aud`
checked; HS256 tokens with the secret keep working alongside."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from server.app import create_app
from server.jwks import IdentityProvider, JwksKeys
from server.settings import ConfigurationError, load_settings
from tests.support.factories import make_practice
from tests.support.tokens import TEST_SECRET, bearer

ISSUER = "https://id.example.test/"
AUDIENCE = "slotgraph-api"
QUERY = {"query": "{ organization { name } }"}


class JwksServer:
    """A JWKS document served over HTTP on a free local port, counting the requests."""

    def __init__(self) -> None:
        self.document: dict[str, Any] = {"keys": []}
        self.requests = 0
        served = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                served.requests += 1
                body = json.dumps(served.document).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/.well-known/jwks.json"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def publish(self, *keys: tuple[str, Any]) -> None:
        """Serve these (kid, private key) pairs' public keys."""
        self.document = {"keys": [public_jwk(kid, key) for kid, key in keys]}


def public_jwk(kid: str, private: Any) -> dict[str, Any]:
    if isinstance(private, rsa.RSAPrivateKey):
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key(), as_dict=True)
        return {**jwk, "kid": kid, "alg": "RS256", "use": "sig"}
    jwk = jwt.algorithms.ECAlgorithm.to_jwk(private.public_key(), as_dict=True)
    return {**jwk, "kid": kid, "alg": "ES256", "use": "sig"}


@pytest.fixture
def jwks() -> Iterator[JwksServer]:
    served = JwksServer()
    served.thread.start()
    yield served
    served.server.shutdown()
    served.server.server_close()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def mint(private: Any, kid: str, organization: uuid.UUID, **overrides: Any) -> str:
    algorithm = "RS256" if isinstance(private, rsa.RSAPrivateKey) else "ES256"
    now = datetime.now(UTC)
    claims: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "auth0|staff-1",
        "org": str(organization),
        "role": "staff",
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=5)).timestamp()),
        **overrides,
    }
    return jwt.encode(claims, private, algorithm=algorithm, headers={"kid": kid})


def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


async def ask(client: httpx.AsyncClient, token: str) -> dict[str, Any]:
    response = await client.post(
        "/graphql", json=QUERY, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def code(body: dict[str, Any]) -> str | None:
    errors = body.get("errors") or [{}]
    return errors[0].get("extensions", {}).get("code")


@pytest.fixture
async def provider_app(database_url, jwks):
    clock = Clock()
    keys = JwksKeys(jwks.url, ttl=300, min_refetch=30, clock=clock)
    provider = IdentityProvider(jwks.url, issuer=ISSUER, audience=AUDIENCE, keys=keys)
    app = create_app(database_url, secret=TEST_SECRET, provider=provider)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://slotgraph.test") as client:
        yield client, clock


async def test_rs256_and_es256_tokens_from_the_provider_are_accepted(engine, jwks, provider_app):
    client, _ = provider_app
    practice = await make_practice(engine)
    rsa_private, ec_private = rsa_key(), ec.generate_private_key(ec.SECP256R1())
    jwks.publish(("rsa-1", rsa_private), ("ec-1", ec_private))
    for private, kid in ((rsa_private, "rsa-1"), (ec_private, "ec-1")):
        body = await ask(client, mint(private, kid, practice.org.id))
        assert body["data"] == {"organization": {"name": practice.org.name}}, kid
    assert jwks.requests == 1  # the second token's key came from the cache
    # the development secret's HS256 tokens work alongside
    response = await client.post("/graphql", json=QUERY, headers=bearer(practice.staff))
    assert response.json()["data"] == {"organization": {"name": practice.org.name}}


async def test_wrong_issuer_audience_expiry_or_key_are_unauthenticated(engine, jwks, provider_app):
    client, _ = provider_app
    practice = await make_practice(engine)
    private, stranger = rsa_key(), rsa_key()
    jwks.publish(("rsa-1", private))
    org = practice.org.id
    past = int((datetime.now(UTC) - timedelta(minutes=1)).timestamp())
    refused = [
        mint(private, "rsa-1", org, iss="https://other.example.test/"),
        mint(private, "rsa-1", org, aud="another-api"),
        mint(private, "rsa-1", org, exp=past),
        mint(stranger, "rsa-1", org),  # signed by a key the provider never published
        mint(private, "rsa-1", org, org=7),  # claims are checked by type here too
        mint(private, "rsa-1", org, sub="x" * 201),
    ]
    for token in refused:
        body = await ask(client, token)
        assert (body["data"] or {}).get("organization") is None, body
        assert code(body) == "UNAUTHENTICATED", body
    expired = await ask(client, refused[2])
    assert expired["errors"][0]["message"] == "The bearer token has expired"
    # an HS256 token claiming the provider's issuer is checked with the secret, not the keys
    forged = jwt.encode({"iss": ISSUER, "aud": AUDIENCE}, "a-guessed-key-" * 3, algorithm="HS256")
    assert code(await ask(client, forged)) == "UNAUTHENTICATED"


async def test_an_unknown_kid_refetches_the_keys_once_per_interval(engine, jwks, provider_app):
    client, clock = provider_app
    practice = await make_practice(engine)
    old, new = rsa_key(), rsa_key()
    jwks.publish(("2026-old", old))
    assert "errors" not in await ask(client, mint(old, "2026-old", practice.org.id))
    assert jwks.requests == 1
    # the provider rotates: a token with the new kid refetches (after the rate limit) and passes
    jwks.publish(("2026-old", old), ("2026-new", new))
    clock.now += 31
    body = await ask(client, mint(new, "2026-new", practice.org.id))
    assert body["data"] == {"organization": {"name": practice.org.name}}
    assert jwks.requests == 2
    # made-up kids do not make the server hammer the provider: one refetch per 30 s
    for n in range(5):
        assert code(await ask(client, mint(new, f"bogus-{n}", practice.org.id))) == (
            "UNAUTHENTICATED"
        )
    assert jwks.requests == 2
    clock.now += 31
    assert code(await ask(client, mint(new, "bogus", practice.org.id))) == "UNAUTHENTICATED"
    assert jwks.requests == 3
    # keys expire after the TTL and are fetched again; a dropped key then stops working
    jwks.publish(("2026-new", new))
    clock.now += 301
    assert code(await ask(client, mint(old, "2026-old", practice.org.id))) == "UNAUTHENTICATED"
    assert jwks.requests == 4


async def test_a_provider_outage_keeps_the_cached_keys(engine, jwks, provider_app):
    client, clock = provider_app
    practice = await make_practice(engine)
    private = rsa_key()
    jwks.publish(("k", private))
    assert "errors" not in await ask(client, mint(private, "k", practice.org.id))
    jwks.document = {"keys": "not a list"}  # a broken document, as during an outage
    clock.now += 301
    body = await ask(client, mint(private, "k", practice.org.id))
    assert body["data"] == {"organization": {"name": practice.org.name}}
    assert jwks.requests == 2


def test_settings_need_issuer_and_audience_with_a_jwks_url():
    assert load_settings({}).identity_provider() is None
    with pytest.raises(ConfigurationError, match="SLOTGRAPH_TOKEN_ISSUER"):
        load_settings({"SLOTGRAPH_JWKS_URL": "https://id.example.test/jwks"}).identity_provider()
    with pytest.raises(ConfigurationError, match="https://"):
        load_settings({"SLOTGRAPH_JWKS_URL": "file:///etc/passwd"}).identity_provider()
    provider = load_settings(
        {
            "SLOTGRAPH_JWKS_URL": "https://id.example.test/jwks",
            "SLOTGRAPH_TOKEN_ISSUER": ISSUER,
            "SLOTGRAPH_TOKEN_AUDIENCE": AUDIENCE,
        }
    ).identity_provider()
    assert provider is not None
    assert (provider.jwks_url, provider.issuer, provider.audience) == (
        "https://id.example.test/jwks",
        ISSUER,
        AUDIENCE,
    )
