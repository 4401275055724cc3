"""Signing keys of an identity provider: its JWKS document, fetched over HTTPS and cached.

A request never waits for the network while the cache is fresh: keys are fetched (in a
thread, so the event loop keeps serving) only when none were fetched yet, when they are older
than `ttl`, or when a token names a key id (`kid`) the cache lacks: the provider rotated its
keys. Such refetches happen at most once per `min_refetch` seconds, so tokens with made-up key
ids cannot make the server hammer the provider.
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.request
from collections.abc import Callable

import jwt

from server.tokens import InvalidToken

# A JWKS document is a few kilobytes; anything much larger is not one.
MAX_DOCUMENT_BYTES = 1_000_000


class JwksKeys:
    """The keys of one JWKS URL, cached for `ttl` seconds."""

    def __init__(
        self,
        url: str,
        *,
        ttl: float = 300.0,
        min_refetch: float = 30.0,
        timeout: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url
        self.ttl = ttl
        self.min_refetch = min_refetch
        self.timeout = timeout
        self.clock = clock
        self.fetches = 0
        self._keys: dict[str | None, jwt.PyJWK] = {}
        self._fetched_at: float | None = None
        self._lock = asyncio.Lock()

    async def key(self, kid: str | None) -> jwt.PyJWK:
        """The key a token's header names; InvalidToken if the provider has no such key."""
        if not self._stale() and (found := self._find(kid)) is not None:
            return found
        async with self._lock:
            # Another request may have fetched while this one waited for the lock.
            if (found := self._find(kid)) is not None and not self._stale():
                return found
            if self._may_fetch():
                await self._refresh()
        found = self._find(kid)
        if found is None:
            raise InvalidToken("The bearer token is not valid: its signing key is unknown")
        return found

    def _stale(self) -> bool:
        return self._fetched_at is None or self.clock() - self._fetched_at >= self.ttl

    def _may_fetch(self) -> bool:
        return self._fetched_at is None or self.clock() - self._fetched_at >= self.min_refetch

    def _find(self, kid: str | None) -> jwt.PyJWK | None:
        if kid is None and len(self._keys) == 1:
            return next(iter(self._keys.values()))
        return self._keys.get(kid)

    async def _refresh(self) -> None:
        self._fetched_at = self.clock()  # failures count too: they are not retried at once
        self.fetches += 1
        try:
            document = await asyncio.to_thread(self._download)
            keys = jwt.PyJWKSet.from_dict(document).keys
        except (OSError, ValueError, jwt.PyJWKSetError, jwt.PyJWKError):
            # Keep the keys we have: a provider's outage should not log everyone out at once.
            return
        self._keys = {key.key_id: key for key in keys}

    def _download(self) -> dict[str, object]:
        request = urllib.request.Request(self.url, headers={"Accept": "application/json"})
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            body = response.read(MAX_DOCUMENT_BYTES + 1)
        if len(body) > MAX_DOCUMENT_BYTES:
            raise ValueError("the JWKS document is too large")
        document = json.loads(body)
        if not isinstance(document, dict):
            raise ValueError("the JWKS document is not an object")
        return document


class IdentityProvider:
    """Tokens signed (RS256 or ES256) by an identity provider: its keys, `iss` and `aud`."""

    def __init__(
        self, jwks_url: str, *, issuer: str, audience: str, keys: JwksKeys | None = None
    ) -> None:
        self.jwks_url = jwks_url
        self.issuer = issuer
        self.audience = audience
        self.keys = keys or JwksKeys(jwks_url)
