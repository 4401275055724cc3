"""Verified tokens are remembered until they expire, and never past it."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import pytest

from resolvers.viewer import Role
from server.token_cache import TokenCache
from server.tokens import InvalidToken, mint_token
from tests.support.tokens import TEST_SECRET

ORG = uuid.UUID("0fef8310-6f71-529b-8445-444319b8e4f3")


class Clock:
    """A clock the test moves by hand (seconds since the epoch)."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def token(subject: str = "desk", lifetime: timedelta = timedelta(hours=1)) -> str:
    return mint_token(
        secret=TEST_SECRET, organization_id=ORG, role=Role.STAFF, subject=subject, lifetime=lifetime
    )


async def test_a_token_verified_once_answers_from_the_cache_until_it_expires():
    # given a cache and a token valid for an hour
    clock = Clock()
    cache = TokenCache(secret=TEST_SECRET, provider=None, clock=clock)
    header = f"Bearer {token()}"
    # when it is presented twice
    first = await cache.authenticate(header)
    second = await cache.authenticate(header)
    # then the same caller comes back, from one verification
    assert first == second
    assert first.subject == "desk"
    assert first.organization_id == ORG
    assert len(cache._entries) == 1
    # and once its hour has passed the remembered token is refused as expired
    clock.now += 3601
    with pytest.raises(InvalidToken, match="expired"):
        await cache.authenticate(header)
    assert not cache._entries


async def test_a_token_signed_with_another_secret_is_refused_and_not_remembered():
    cache = TokenCache(secret=TEST_SECRET, provider=None)
    forged = mint_token(
        secret="another-secret-of-at-least-32-bytes-long",
        organization_id=ORG,
        role=Role.STAFF,
        subject="desk",
    )
    for _ in range(2):
        with pytest.raises(InvalidToken, match="not valid"):
            await cache.authenticate(f"Bearer {forged}")
    assert not cache._entries


async def test_an_already_expired_token_is_refused_by_the_verification():
    cache = TokenCache(secret=TEST_SECRET, provider=None)
    with pytest.raises(InvalidToken, match="expired"):
        await cache.authenticate(f"Bearer {token(lifetime=timedelta(seconds=-5))}")
    assert not cache._entries


async def test_the_cache_keeps_the_most_recently_used_tokens_only():
    cache = TokenCache(secret=TEST_SECRET, provider=None, maxsize=2)
    first, second, third = (f"Bearer {token(name)}" for name in ("a", "b", "c"))
    await cache.authenticate(first)
    await cache.authenticate(second)
    await cache.authenticate(first)  # now the most recent
    await cache.authenticate(third)  # evicts the least recent: the second
    assert [entry.viewer.subject for entry in cache._entries.values()] == ["a", "c"]


async def test_a_malformed_header_is_refused_before_the_cache():
    cache = TokenCache(secret=TEST_SECRET, provider=None)
    with pytest.raises(InvalidToken, match="Bearer"):
        await cache.authenticate("Basic abc")
    with pytest.raises(InvalidToken, match="required"):
        await cache.authenticate(None)
