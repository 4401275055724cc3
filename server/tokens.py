"""Bearer tokens: HS256 JWTs naming an organization, a role and a subject."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import jwt

from resolvers.viewer import Role, Viewer

ISSUER = "slotgraph"


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
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=["HS256"],
            issuer=ISSUER,
            options={"require": ["exp", "iss", "sub", "org", "role"]},
        )
        role = Role(claims["role"])
        patient_id = uuid.UUID(claims["pid"]) if claims.get("pid") else None
        if role is Role.PATIENT and patient_id is None:
            raise InvalidToken("a patient token must name its patient")
        return Viewer(
            organization_id=uuid.UUID(claims["org"]),
            role=role,
            subject=str(claims["sub"]),
            patient_id=patient_id,
        )
    except jwt.ExpiredSignatureError as exc:
        raise InvalidToken("The bearer token has expired") from exc
    except (jwt.InvalidTokenError, ValueError, KeyError) as exc:
        raise InvalidToken("The bearer token is not valid") from exc


def viewer_from_header(header: str | None, *, secret: str) -> Viewer:
    """The caller of an `Authorization: Bearer …` header, or InvalidToken."""
    if not header:
        raise InvalidToken("A bearer token is required (Authorization: Bearer <token>)")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidToken("The Authorization header must be 'Bearer <token>'")
    return read_token(token.strip(), secret=secret)
