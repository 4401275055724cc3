"""Bearer tokens: JWTs naming an organization, a role and a subject.

HS256 tokens are signed with SLOTGRAPH_SECRET (`slotgraph token`, development and services
that share the secret); RS256 and ES256 tokens come from an identity provider and are
verified with its published keys (server/jwks.py), its `iss` and the expected `aud`.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

import jwt

from resolvers.viewer import Role, Viewer

if TYPE_CHECKING:
    from server.jwks import IdentityProvider

ISSUER = "slotgraph"
# Algorithms of identity providers' tokens; never HS256 with a public key (key confusion).
PROVIDER_ALGORITHMS = ("RS256", "ES256")
# Claims every token carries (a provider's also `aud`).
REQUIRED_CLAIMS = ["exp", "iss", "sub", "org", "role"]
# The longest subject: audit entries and idempotency keys store it as `actor`, VARCHAR(200).
MAX_SUBJECT = 200


class InvalidToken(ValueError):
    """The token is malformed, expired, or signed with another key."""


def mint_token(
    *,
    secret: str,
    organization_id: uuid.UUID,
    role: Role,
    subject: str,
    patient_id: uuid.UUID | None = None,
    lifetime: timedelta = timedelta(days=365),
) -> str:
    """A signed token for the caller described."""
    if role is Role.PATIENT and patient_id is None:
        raise ValueError("a patient token needs the patient's id")
    problem = subject_problem(subject)
    if problem is not None:
        raise ValueError(problem)
    now = datetime.now(UTC)
    claims: dict[str, object] = {
        "iss": ISSUER,
        "sub": subject,
        "org": str(organization_id),
        "role": role.value,
        "iat": int(now.timestamp()),
        "exp": int((now + lifetime).timestamp()),
    }
    if patient_id is not None:
        claims["pid"] = str(patient_id)
    return jwt.encode(claims, secret, algorithm="HS256")


def read_token(token: str, *, secret: str) -> Viewer:
    """The caller a token stands for, or InvalidToken."""
    return viewer_from_claims(_secret_claims(token, secret=secret))


def _secret_claims(token: str, *, secret: str) -> dict[str, Any]:
    """The verified claims of an HS256 token, or InvalidToken."""
    try:
        return jwt.decode(
            token,
            secret,
            algorithms=["HS256"],
            issuer=ISSUER,
            options={"require": REQUIRED_CLAIMS},
        )
    except jwt.ExpiredSignatureError as exc:
        raise InvalidToken("The bearer token has expired") from exc
    except (jwt.InvalidTokenError, TypeError, ValueError) as exc:
        # PyJWT raises TypeError for some mistyped registered claims (an `iss` list).
        raise InvalidToken("The bearer token is not valid") from exc


async def read_provider_token(token: str, provider: IdentityProvider) -> Viewer:
    """The caller of an identity provider's RS256/ES256 token, or InvalidToken."""
    return viewer_from_claims(await _provider_claims(token, provider))


async def _provider_claims(token: str, provider: IdentityProvider) -> dict[str, Any]:
    """The verified claims of an identity provider's token, or InvalidToken."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError as exc:
        raise InvalidToken("The bearer token is not valid") from exc
    algorithm, kid = header.get("alg"), header.get("kid")
    if algorithm not in PROVIDER_ALGORITHMS or not isinstance(kid, str | None):
        raise InvalidToken("The bearer token is not valid")
    key = await provider.keys.key(kid)
    try:
        return jwt.decode(
            token,
            key.key,
            algorithms=[algorithm],
            issuer=provider.issuer,
            audience=provider.audience,
            options={"require": [*REQUIRED_CLAIMS, "aud"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise InvalidToken("The bearer token has expired") from exc
    except (jwt.InvalidTokenError, TypeError, ValueError) as exc:
        raise InvalidToken("The bearer token is not valid") from exc


def viewer_from_claims(claims: dict[str, Any]) -> Viewer:
    """The caller named by verified claims; InvalidToken for a claim of the wrong type."""
    # A validly signed token can still carry claims of the wrong type (another issuer's
    # tooling, a hand-made test token); each is checked so none reaches a query or a column.
    role = _role(claims["role"])
    patient_id = _uuid(claims["pid"], "pid") if claims.get("pid") is not None else None
    if role is Role.PATIENT and patient_id is None:
        raise InvalidToken("The bearer token is not valid: a patient token must name its patient")
    return Viewer(
        organization_id=_uuid(claims["org"], "org"),
        role=role,
        subject=_subject(claims["sub"]),
        patient_id=patient_id,
    )


def _uuid(value: object, claim: str) -> uuid.UUID:
    """A claim that must be a UUID string."""
    if isinstance(value, str) and len(value) <= 45:
        try:
            return uuid.UUID(value)
        except ValueError:
            pass
    raise InvalidToken(f"The bearer token is not valid: claim {claim!r} must be a UUID string")


def _role(value: object) -> Role:
    """The role claim: one of the roles' names."""
    names = [role.value for role in Role]
    if isinstance(value, str) and value in names:
        return Role(value)
    raise InvalidToken(
        f"The bearer token is not valid: claim 'role' must be one of {', '.join(names)}"
    )


def _subject(value: object) -> str:
    """The subject: 1 to MAX_SUBJECT printable characters (it is stored as the audit actor)."""
    if subject_problem(value) is not None:
        raise InvalidToken(
            f"The bearer token is not valid: claim 'sub' must be 1 to {MAX_SUBJECT} "
            "printable characters"
        )
    return str(value)


def subject_problem(value: object) -> str | None:
    """Why a subject is refused, or None: audit rows store it in a 200-character column."""
    if not isinstance(value, str) or not 1 <= len(value) <= MAX_SUBJECT:
        return f"the subject must be 1 to {MAX_SUBJECT} characters"
    if not value.isprintable():
        return "the subject must not contain control characters"
    return None


def bearer_token(header: str | None) -> str:
    """The token of an `Authorization: Bearer …` header, or InvalidToken."""
    if not header:
        raise InvalidToken("A bearer token is required (Authorization: Bearer <token>)")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidToken("The Authorization header must be 'Bearer <token>'")
    return token.strip()


def viewer_from_header(header: str | None, *, secret: str) -> Viewer:
    """The caller of an HS256 bearer header, or InvalidToken."""
    return read_token(bearer_token(header), secret=secret)


class Verified(NamedTuple):
    """A token's caller, when the token expires (seconds since the epoch) and whether it was
    signed with the secret (not an identity provider's key, which the provider may revoke)."""

    viewer: Viewer
    expires: float
    by_secret: bool


async def verify(token: str, *, secret: str, provider: IdentityProvider | None) -> Verified:
    """Check a token's signature and claims: its caller and expiry, or InvalidToken."""
    by_secret = provider is None or _algorithm(token) not in PROVIDER_ALGORITHMS
    if by_secret:
        claims = _secret_claims(token, secret=secret)
    else:
        assert provider is not None
        claims = await _provider_claims(token, provider)
    # PyJWT checked that `exp` (a required claim) is a number in the future.
    return Verified(viewer_from_claims(claims), float(claims["exp"]), by_secret)


def _algorithm(token: str) -> object:
    try:
        return jwt.get_unverified_header(token).get("alg")
    except jwt.InvalidTokenError:
        return None  # read_token says what is wrong with it
