"""The test signing secret, and tokens and headers signed with it for a viewer."""

from __future__ import annotations

from resolvers.viewer import Viewer
from server.tokens import mint_token

TEST_SECRET = "test-signing-secret-of-at-least-32-bytes"


def token_of(viewer: Viewer) -> str:
    """A token for the viewer, signed with the test secret."""
    return mint_token(
        secret=TEST_SECRET,
        organization_id=viewer.organization_id,
        role=viewer.role,
        subject=viewer.subject,
        patient_id=viewer.patient_id,
    )


def bearer(viewer: Viewer) -> dict[str, str]:
    """Authorization header for a viewer, signed with the test secret."""
    return {"Authorization": f"Bearer {token_of(viewer)}"}
