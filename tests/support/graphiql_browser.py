"""GraphiQL in a real browser: Debian's chromium driven by Playwright (never a browser Playwright
downloads), with the files GraphiQL's page loads from unpkg.com served from the copies
.ci/graphiql-assets fetched from the npm registry (the tests reach no CDN)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.support.paths import REPO_ROOT

ASSETS = REPO_ROOT / ".cache" / "graphiql-assets"
CDN = "https://unpkg.com/"
CHROMIUM_NAMES = ("chromium", "chromium-browser")
TYPES = {".js": "application/javascript", ".css": "text/css"}


def chromium() -> str | None:
    """The system's chromium (apt-get install chromium; .ci/run does where it can)."""
    return next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)


def missing() -> str | None:
    """Why the browser test cannot run here, or None."""
    if chromium() is None:
        return "Debian's chromium is not installed (apt-get install chromium; .ci/run does it)"
    if not ASSETS.is_dir() or not any(ASSETS.iterdir()):
        return "GraphiQL's files are not in .cache/graphiql-assets (run .ci/graphiql-assets)"
    return None


def asset(url: str) -> Path | None:
    """The local copy of a CDN file: https://unpkg.com/<package>@<version>/<path>."""
    parts = url.removeprefix(CDN).split("?")[0].split("/")
    scoped = 2 if parts[0].startswith("@") else 1
    path = ASSETS.joinpath("/".join(parts[:scoped]), *parts[scoped:])
    return path if path.is_file() and ASSETS in path.resolve().parents else None


def content_type(path: Path) -> str:
    return TYPES.get(path.suffix, "application/octet-stream")
