"""The command line for a newcomer: every misuse is a usage error or one line on stderr with
a non-zero exit status, never a traceback; `orgs` lists the demo organizations and `token
--org` mints a token for either."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy.engine import make_url

from db.demo import DEMO_APPOINTMENT_ID, DEMO_ORG_ID, DEMO_PATIENT_ID, OTHER_ORG_ID, seed_demo_data
from db.demo.ids import OTHER_PATIENT_ID
from resolvers.viewer import Role
from server.cli import main
from server.operation_manifest import operation_document
from server.settings import DEMO_SECRET
from server.tokens import read_token
from tests.support.factories import global_id
from tests.support.paths import REPO_ROOT
from tests.support.tokens import TEST_SECRET

CLOSED_PORT = "postgresql://postgres:sekrit@127.0.0.1:1/slotgraph"
SECRET = {"SLOTGRAPH_SECRET": TEST_SECRET}


@pytest.fixture
def clean_env(monkeypatch):
    """No DATABASE_URL or SLOTGRAPH_* setting from the test run leaks into the command."""
    for name in list(os.environ):
        if name == "DATABASE_URL" or name.startswith("SLOTGRAPH_"):
            monkeypatch.delenv(name)
    return monkeypatch


def run(clean_env, capsys, argv: list[str], env: dict[str, str] | None = None):
    """Run the command line; its exit status and what it wrote to stdout and stderr."""
    for name, value in (env or {}).items():
        clean_env.setenv(name, value)
    try:
        main(argv)
        status = 0
    except SystemExit as exit_:
        status = exit_.code if isinstance(exit_.code, int) else 1
    captured = capsys.readouterr()
    return status, captured.out, captured.err


USAGE_ERRORS = [
    ([], "the following arguments are required: command"),
    (["bogus"], "invalid choice: 'bogus'"),
    (["token", "--role", "patient"], "--role patient needs --patient PATIENT_UUID (e.g. "),
    (["token", "--role", "patient", "--patient", "xx"], "argument --patient: 'xx' is not a UUID"),
    (["token", "--role", "doctor"], "argument --role: invalid choice: 'doctor'"),
    (["token", "--org", "nope"], "'nope' is neither an organization UUID nor a demo organization"),
    (["token", "--patient", str(DEMO_PATIENT_ID)], "--patient goes with --role patient"),
    (["token", "--subject", ""], "--subject: the subject must be 1 to 200 characters"),
    (["serve", "--workers", "0"], "argument --workers: must be at least 1"),
    (["serve", "--workers", "many"], "argument --workers: invalid _positive value: 'many'"),
    (["serve", "--log-level", "loud"], "argument --log-level: invalid choice: 'loud'"),
    (["export-schema", "--to", "x"], "unrecognized arguments: --to x"),
]


@pytest.mark.parametrize(("argv", "message"), USAGE_ERRORS)
def test_a_misused_argument_is_a_usage_error(clean_env, capsys, argv, message):
    status, out, err = run(clean_env, capsys, argv)
    assert status == 2
    assert out == ""
    assert err.startswith("usage: slotgraph")
    assert message in err
    assert "Traceback" not in err


CONFIGURATION_ERRORS = [
    (["token"], {"SLOTGRAPH_HOLD_MINUTES": "five"}, "SLOTGRAPH_HOLD_MINUTES must be minutes"),
    (["token"], {"SLOTGRAPH_PORT": "http"}, "SLOTGRAPH_PORT must be a whole number of at least 1"),
    (["token"], {"SLOTGRAPH_PORT": "80000"}, "SLOTGRAPH_PORT must be at most 65535, not 80000"),
    (["token"], {"DATABASE_URL": "mysql://u:pw@db/x"}, "DATABASE_URL must be a PostgreSQL URL"),
    (["migrate"], {"DATABASE_URL": "not a url"}, "DATABASE_URL must be a PostgreSQL URL"),
    (["token"], {"DATABASE_URL": CLOSED_PORT}, "SLOTGRAPH_SECRET must be set when DATABASE_URL"),
    (["serve"], {"DATABASE_URL": CLOSED_PORT}, "SLOTGRAPH_SECRET must be set when DATABASE_URL"),
    (["seed"], {"SLOTGRAPH_MAX_COST": "0"}, "SLOTGRAPH_MAX_COST must be a whole number"),
    (["token"], {"SLOTGRAPH_HOST": "0.0.0.0"}, "SLOTGRAPH_SECRET must be set to listen on 0.0.0.0"),
]


@pytest.mark.parametrize(("argv", "env", "message"), CONFIGURATION_ERRORS)
def test_a_bad_setting_is_one_line_and_status_2(clean_env, capsys, argv, env, message):
    status, out, err = run(clean_env, capsys, argv, env)
    assert status == 2
    assert out == ""
    assert err.startswith(f"slotgraph: {message}")
    assert err.count("\n") == 1
    assert "pw@" not in err  # a URL's password never shows


def test_an_unreachable_database_is_one_line_without_its_password(clean_env, capsys):
    for command in ("migrate", "seed", "serve"):
        status, _, err = run(clean_env, capsys, [command], {"DATABASE_URL": CLOSED_PORT} | SECRET)
        assert status == 1
        assert "Traceback" not in err
        assert err.splitlines()[-1] == (
            f"slotgraph {command}: cannot use the database at "
            "postgresql://postgres:***@127.0.0.1:1/slotgraph: "
            "ConnectionRefusedError: [Errno 111] Connect call failed ('127.0.0.1', 1)"
        )
        assert "sekrit" not in err


def test_a_missing_database_or_role_is_named_in_one_line(clean_env, capsys, database_url):
    server = make_url(database_url)
    missing = server.set(database="slotgraph_no_such_database").render_as_string(False)
    status, _, err = run(clean_env, capsys, ["migrate"], {"DATABASE_URL": missing} | SECRET)
    assert status == 1
    assert err.splitlines()[-1].endswith(
        'InvalidCatalogNameError: database "slotgraph_no_such_database" does not exist'
    )
    stranger = server.set(username="slotgraph_no_such_role").render_as_string(False)
    status, _, err = run(clean_env, capsys, ["seed"], {"DATABASE_URL": stranger} | SECRET)
    assert status == 1
    # A server that trusts the connection says the role is unknown; one that asks for a
    # password (the embedded one) does not tell, and says the login failed.
    assert err.splitlines()[-1].endswith(
        (
            'role "slotgraph_no_such_role" does not exist',
            'password authentication failed for user "slotgraph_no_such_role"',
        )
    )
    assert "Traceback" not in err


def test_an_export_that_cannot_be_written_is_one_line(clean_env, capsys, tmp_path):
    status, _, err = run(clean_env, capsys, ["export-schema", "--output", f"{tmp_path}/no/x"])
    assert (status, err) == (
        1,
        f"slotgraph export-schema: cannot write {tmp_path}/no/x: No such file or directory\n",
    )
    status, _, err = run(clean_env, capsys, ["export-operations", "--output", str(tmp_path)])
    assert (status, err) == (
        1,
        f"slotgraph export-operations: cannot write {tmp_path}: Is a directory\n",
    )


@pytest.mark.parametrize(
    ("argv", "env", "status", "last_line"),
    [
        (["token", "--role", "patient"], {}, 2, "slotgraph token: error: --role patient needs"),
        (["token"], {"SLOTGRAPH_HOLD_MINUTES": "0"}, 2, "slotgraph: SLOTGRAPH_HOLD_MINUTES must"),
        (["migrate"], {"DATABASE_URL": CLOSED_PORT} | SECRET, 1, "slotgraph migrate: cannot use"),
    ],
)
def test_the_installed_command_prints_no_traceback(argv, env, status, last_line):
    # The real process: what a newcomer sees, including anything printed at exit.
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SLOTGRAPH_")}
    clean.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", "from server.cli import main; main()", *argv],
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == status
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1].startswith(last_line)


def test_orgs_lists_both_demo_organizations(clean_env, capsys):
    status, out, _ = run(clean_env, capsys, ["orgs"])
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["key", "organization", "id"]
    assert lines[1].split() == [
        "riverside",
        str(DEMO_ORG_ID),
        "Riverside",
        "Dental",
        "Group",
        str(DEMO_PATIENT_ID),
    ]
    assert lines[2].split() == [
        "other",
        str(OTHER_ORG_ID),
        "Other",
        "Practice",
        str(OTHER_PATIENT_ID),
    ]


@pytest.mark.parametrize(
    ("org", "organization_id"),
    [
        (None, DEMO_ORG_ID),
        ("riverside", DEMO_ORG_ID),
        ("other", OTHER_ORG_ID),
        ("Other Practice", OTHER_ORG_ID),
        (str(OTHER_ORG_ID).upper(), OTHER_ORG_ID),
    ],
)
def test_token_mints_for_either_demo_organization(clean_env, capsys, org, organization_id):
    argv = ["token"] if org is None else ["token", "--org", org]
    status, out, _ = run(clean_env, capsys, argv)
    assert status == 0
    viewer = read_token(out.strip(), secret=DEMO_SECRET)
    assert (viewer.organization_id, viewer.role, viewer.subject) == (
        organization_id,
        Role.STAFF,
        "dev-staff",
    )


def test_a_staff_admin_token(clean_env, capsys):
    status, out, _ = run(clean_env, capsys, ["token", "--role", "staff-admin"])
    assert status == 0
    viewer = read_token(out.strip(), secret=DEMO_SECRET)
    assert (viewer.organization_id, viewer.role, viewer.subject) == (
        DEMO_ORG_ID,
        Role.STAFF_ADMIN,
        "dev-staff-admin",
    )


def test_a_patient_token_for_the_other_organization(clean_env, capsys):
    argv = [
        "token",
        "--organization",
        "other",
        "--role",
        "patient",
        "--patient",
        str(OTHER_PATIENT_ID),
    ]
    status, out, _ = run(clean_env, capsys, argv)
    assert status == 0
    viewer = read_token(out.strip(), secret=DEMO_SECRET)
    assert (viewer.organization_id, viewer.role, viewer.patient_id) == (
        OTHER_ORG_ID,
        Role.PATIENT,
        OTHER_PATIENT_ID,
    )


async def test_the_readme_tenancy_example(engine, http, clean_env, capsys):
    # The README's example, its document as written there: the demo's appointment, asked with
    # a token of each organization.
    appointment = global_id("Appointment", DEMO_APPOINTMENT_ID)
    document = f'{{ node(id: \\"{appointment}\\") {{ id ... on Appointment {{ startAt }} }} }}'
    readme = (REPO_ROOT / "README.md").read_text()
    assert f'--org other)" \\\n  -d \'{{"query":"{document}"}}\'' in readme
    async with engine.begin() as connection:
        await seed_demo_data(connection)
    answers = {}
    for org in ("riverside", "other"):
        status, token, _ = run(
            clean_env, capsys, ["token", "--org", org], {"DATABASE_URL": CLOSED_PORT} | SECRET
        )
        assert status == 0
        response = await http.post(
            "/graphql",
            json={"query": document.replace("\\", "")},
            headers={"Authorization": f"Bearer {token.strip()}"},
        )
        assert "errors" not in response.json()
        answers[org] = response.json()["data"]["node"]
    assert answers["other"] is None
    assert answers["riverside"]["id"] == appointment
    assert answers["riverside"]["startAt"]  # its date follows the demo's (seed options)


def test_example_prints_an_operations_variables_or_its_whole_document(clean_env, capsys):
    # the document: the file and the fragments it uses, as the persisted manifest holds it
    status, out, err = run(clean_env, capsys, ["example", "QuickFill", "--document"])
    assert (status, err) == (0, "")
    assert out == operation_document("QuickFill")
    assert out.count("fragment OpeningMatch on QuickFillMatch") == 1
    status, out, _ = run(clean_env, capsys, ["example", "QuickFill", "--anchor", "2026-11-16"])
    assert status == 0
    assert json.loads(out)["opening"]["date"] == "2026-11-24"
