"""Verified bearer tokens remembered until they expire, so a signature is checked once.

Checking an HS256 signature and its claims costs about 0.15 ms, as much as the rest of a
one-object query; a client sends the same token with every request. The cache maps the exact
token text to the caller PyJWT verified, until the token's `exp`: a token is immutable, so the
same text always verifies to the same caller, and an entry is never used after its expiry.
Entries live in one app (one secret), never across apps. Only tokens signed with the secret
are remembered: an identity provider's token is checked against its published keys every time,
so a key the provider withdraws stops its tokens at once (server/jwks.py caches the keys).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING

from resolvers.viewer import Viewer
from server.tokens import InvalidToken, Verified, bearer_token, verify

if TYPE_CHECKING:
    from server.jwks import IdentityProvider

DEFAULT_SIZE = 4096


class TokenCache:
    """The callers of recently verified tokens (least recently used dropped first)."""

    def __init__(
        self,
        *,
        secret: str,
        provider: IdentityProvider | None,
        maxsize: int = DEFAULT_SIZE,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.secret = secret
        self.provider = provider
        self.maxsize = maxsize
        self.clock = clock
        self._entries: OrderedDict[str, Verified] = OrderedDict()

    async def authenticate(self, header: str | None) -> Viewer:
        """The caller of a bearer header (HS256 with the secret, or the provider's RS256/ES256),
        or InvalidToken."""
        return (await self.authenticate_until(header))[0]

    async def authenticate_until(self, header: str | None) -> tuple[Viewer, float]:
        """The caller of a bearer header and when its token expires (seconds since the epoch:
        a subscription ends then), or InvalidToken."""
        token = bearer_token(header)
        entry = self._entries.get(token)
        if entry is not None:
            if self.clock() < entry.expires:
                self._entries.move_to_end(token)
                return entry.viewer, entry.expires
            del self._entries[token]
            raise InvalidToken("The bearer token has expired")
        entry = await verify(token, secret=self.secret, provider=self.provider)
        if not entry.by_secret:
            return entry.viewer, entry.expires
        self._entries[token] = entry
        if len(self._entries) > self.maxsize:
            self._entries.popitem(last=False)
        return entry.viewer, entry.expires
