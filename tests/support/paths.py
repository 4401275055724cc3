"""Where the repository is, for the tests that read its files (graphql/, README.md, .pgdata)."""

from __future__ import annotations

from pathlib import Path


def repo_root() -> Path:
    """The checkout: the nearest folder above this file that holds pyproject.toml."""
    here = Path(__file__).resolve()
    for folder in here.parents:
        if (folder / "pyproject.toml").is_file():
            return folder
    raise RuntimeError(f"no pyproject.toml above {here}")


REPO_ROOT = repo_root()
OPERATIONS = REPO_ROOT / "graphql" / "operations"
