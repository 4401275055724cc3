"""The `slotgraph` command line: serve, migrate, seed, export-schema, token."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
import uuid
from pathlib import Path

from server.settings import PROJECT_ROOT, ConfigurationError, load_settings

SCHEMA_FILE = PROJECT_ROOT / "graphql" / "schema.graphql"


async def _seed(url: str) -> str:
    from db.demo import seed_demo_data
    from db.engine import create_engine

    engine = create_engine(url, pool_size=1)
    try:
        async with engine.begin() as connection:
            summary = await seed_demo_data(connection)
    finally:
        await engine.dispose()
    return "loaded the demo practice" if summary.created else "demo practice already present"


def serve(args: argparse.Namespace) -> None:
    """Prepare the database (embedded unless DATABASE_URL) and serve GraphQL."""
    import uvicorn

    from server.app import create_app
    from server.database import prepare_database

    settings = load_settings()
    secret = settings.signing_secret()  # refuse to start before touching anything
    url = asyncio.run(prepare_database(settings))
    if settings.uses_embedded_database:
        print(f"slotgraph: {asyncio.run(_seed(url))}", flush=True)
    app = create_app(
        url,
        secret=secret,
        enable_floor=settings.enable_floor,
        hold_minutes=settings.hold_minutes,
        compiled=settings.compiled,
    )
    print(f"slotgraph: GraphiQL at http://{settings.host}:{settings.port}/graphql", flush=True)
    # uvicorn re-raises SIGTERM after shutting down; exiting through SystemExit instead lets
    # the atexit hook stop the embedded PostgreSQL.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    uvicorn.run(app, host=settings.host, port=settings.port, log_level=args.log_level)


def migrate(_: argparse.Namespace) -> None:
    """Apply migrations to the configured database."""
    from server.database import prepare_database

    asyncio.run(prepare_database(load_settings()))
    print("slotgraph: database is at the newest schema")


def seed(_: argparse.Namespace) -> None:
    """Apply migrations, then load the deterministic demo practice."""
    from server.database import prepare_database

    url = asyncio.run(prepare_database(load_settings()))
    print(f"slotgraph: {asyncio.run(_seed(url))}")


def export_schema(args: argparse.Namespace) -> None:
    """Write the SDL of the schema."""
    from schema.assembled import schema

    sdl = str(schema) + "\n"
    if args.output == "-":
        sys.stdout.write(sdl)
    else:
        Path(args.output).write_text(sdl)
        print(f"slotgraph: wrote {args.output}")


def token(args: argparse.Namespace) -> None:
    """Print a development bearer token."""
    from db.demo import DEMO_ORG_ID
    from resolvers.viewer import Role
    from server.tokens import mint_token

    settings = load_settings()
    role = Role(args.role)
    print(
        mint_token(
            secret=settings.signing_secret(),
            organization_id=uuid.UUID(args.organization) if args.organization else DEMO_ORG_ID,
            role=role,
            subject=args.subject or f"dev-{role.value}",
            patient_id=uuid.UUID(args.patient) if args.patient else None,
        )
    )


def parser() -> argparse.ArgumentParser:
    """The argument parser of the command line."""
    root = argparse.ArgumentParser(prog="slotgraph", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)

    serve_cmd = commands.add_parser("serve", help="serve GraphQL (and GraphiQL)")
    serve_cmd.add_argument("--log-level", default="info")
    serve_cmd.set_defaults(run=serve)
    commands.add_parser("migrate", help="apply database migrations").set_defaults(run=migrate)
    commands.add_parser("seed", help="load the demo practice").set_defaults(run=seed)

    export = commands.add_parser("export-schema", help="write the GraphQL SDL")
    export.add_argument("--output", default=str(SCHEMA_FILE), help="file, or - for stdout")
    export.set_defaults(run=export_schema)

    token_cmd = commands.add_parser("token", help="mint a development bearer token")
    token_cmd.add_argument("--role", choices=["staff", "patient", "integration"], default="staff")
    token_cmd.add_argument("--organization", help="organization UUID (default: the demo one)")
    token_cmd.add_argument("--patient", help="patient UUID (required for --role patient)")
    token_cmd.add_argument("--subject", help="who the token stands for (audit trail actor)")
    token_cmd.set_defaults(run=token)
    return root


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `slotgraph` command."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    args = parser().parse_args(argv)
    try:
        args.run(args)
    except ConfigurationError as exc:
        raise SystemExit(f"slotgraph: {exc}") from exc
