"""
Developer and CI tasks: `nox` runs the default sessions, `nox -s bench` the benchmarks.

`nox -s corpus` re-records the decision corpus (tests/corpus/README.md).

CI runs exactly `nox` (see `.ci/run`), the same command the README gives.  The test suite runs
with the newest versions of every dependency on the oldest and the newest supported Python
found on the machine (`tests`), and with the lowest versions `pyproject.toml` allows on the
oldest one (`tests_lowest`, pinned by `constraints/lowest.txt`).

The store's contract tests also run against PostgreSQL when `PT_POSTGRES_DSN` names a server
(`.ci/run` starts one with `.ci/postgres.sh`); the test sessions install the `postgres` extra
and pass that variable on.  Without it the PostgreSQL tests skip, saying why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import nox

ROOT = Path(__file__).parent
LOWEST = ROOT / "constraints" / "lowest.txt"
#: The Pythons pyproject.toml supports (its classifiers), oldest first.
SUPPORTED_PYTHONS = ("3.11", "3.12", "3.13")


def _runs(version: str) -> bool:
    # A pyenv shim is on PATH even for versions it will refuse to run: try it.
    exe = shutil.which(f"python{version}")
    if exe is None:
        return False
    try:
        return subprocess.run([exe, "-c", ""], check=False, capture_output=True).returncode == 0
    except OSError:
        return False


_FOUND = [v for v in SUPPORTED_PYTHONS if _runs(v)]
#: The oldest and newest supported Python found; without any, nox's own interpreter.
EDGE_PYTHONS: list[str] | None = sorted({_FOUND[0], _FOUND[-1]}) if _FOUND else None
OLDEST_PYTHON: str | None = _FOUND[0] if _FOUND else None

# `tests` runs last so that the output closes on the test suite's summary line.
nox.options.sessions = ["lint", "typing", "docs", "examples", "tests_lowest", "tests"]
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_external_run = True

LINT_PATHS = ("src", "tests", "benchmarks", "examples", "noxfile.py", "docs/conf.py")
COVERAGE_ARGS = ("--cov", "--cov-branch", "--cov-report=term-missing", "--cov-fail-under=95")
# Code examples in the Markdown docs are doctests.
DOCTEST_ARGS = ("--doctest-glob=*.md", "docs", "--ignore=docs/conf.py")
# Where the installed package lives: its docstrings' examples are doctests too. (Found without
# importing it; modules of optional integrations whose extra is missing are skipped.)
FIND_PACKAGE = (
    "import importlib.util as u; print(u.find_spec('personal_touch').submodule_search_locations[0])"
)
NOTEBOOK_TIMEOUT_S = "600"
#: The PostgreSQL server the store's contract tests use, if any (`.ci/postgres.sh` prints it).
POSTGRES_DSN = "PT_POSTGRES_DSN"


def _test_env() -> dict[str, str]:
    # The server's connection string, when there is one, reaches pytest explicitly.
    dsn = os.environ.get(POSTGRES_DSN)
    return {POSTGRES_DSN: dsn} if dsn else {}


def _existing(paths: tuple[str, ...]) -> list[str]:
    return [p for p in paths if (ROOT / p).exists()]


@nox.session(python=EDGE_PYTHONS)
def tests(session: nox.Session) -> None:
    """Run the test suite and the docs' examples against the installed package, with coverage.

    Every dependency is upgraded to its newest version, also in a reused virtualenv.
    """
    session.install("--upgrade", "--upgrade-strategy", "eager", ".[tests,dask,postgres]")
    if session.posargs:
        session.run("pytest", *session.posargs, env=_test_env())
        return
    package = session.run("python", "-c", FIND_PACKAGE, silent=True)
    assert isinstance(package, str)
    session.run(
        "pytest",
        *COVERAGE_ARGS,
        "tests",
        *DOCTEST_ARGS,
        "--doctest-modules",
        "--doctest-ignore-import-errors",
        package.strip().splitlines()[-1],
        env=_test_env(),
    )


@nox.session(python=OLDEST_PYTHON)
def tests_lowest(session: nox.Session) -> None:
    """Run the test suite and the docs' examples with the lowest dependency versions allowed."""
    session.install("-c", str(LOWEST), ".[tests,dask,postgres]")
    # Fail if pip resolved anything else than the pins (a reused virtualenv, a changed pin).
    session.run("python", "-c", CHECK_PINS, str(LOWEST), silent=True)
    if session.posargs:
        session.run("pytest", *session.posargs, env=_test_env())
        return
    session.run("pytest", "tests", *DOCTEST_ARGS, env=_test_env())


CHECK_PINS = """
import sys
from importlib.metadata import version

pins = {}
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.split("#")[0].strip()
    if line:
        name, _, pinned = line.partition("==")
        pins[name.strip()] = pinned.strip()
wrong = {n: (p, version(n)) for n, p in pins.items() if version(n) != p}
sys.exit(f"not the lowest versions: {wrong}" if wrong else 0)
"""


@nox.session
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff."""
    session.install("ruff")
    paths = _existing(LINT_PATHS)
    session.run("ruff", "check", *paths)
    session.run("ruff", "format", "--check", *paths)


@nox.session
def typing(session: nox.Session) -> None:
    """Type-check the package and the public API's usage strictly."""
    session.install(".[typing,postgres]")
    session.run("mypy", "--strict", "src", "tests/typing/api.py")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the HTML docs (warnings are errors) and run their code examples."""
    session.install(".[docs,tests,dask,postgres]")
    session.run(
        "sphinx-build",
        "-W",
        "--keep-going",
        "-b",
        "html",
        "docs",
        "docs/_build/html",
        *session.posargs,
    )
    # Exit code 5 means no doctest was found in the docs: nothing to run is not a failure here.
    session.run("pytest", *DOCTEST_ARGS, success_codes=[0, 5])


@nox.session
def examples(session: nox.Session) -> None:
    """Run every example script and execute every example notebook."""
    session.install(".[examples]")
    env = {"MPLBACKEND": "Agg"}
    for script in sorted((ROOT / "examples").glob("[!_]*.py")):
        session.run("python", str(script.relative_to(ROOT)), env=env)
    session.run("python", "examples/_run_notebooks.py", "--timeout", NOTEBOOK_TIMEOUT_S, env=env)


@nox.session
def corpus(session: nox.Session) -> None:
    """Re-record the decision corpus after a deliberate change (`-- --check` only compares)."""
    session.install(".")
    session.run("python", "tests/corpus/record.py", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Compare against peers (not a default session: it is slow and machine-dependent)."""
    session.install(".[bench,dask]")
    session.run("python", "benchmarks/run.py", "--quick", *session.posargs)


@nox.session
def fuzz(session: nox.Session) -> None:
    """Fuzz templates and JSON input with 100,000+ generated cases (not a default session)."""
    session.install(".[tests]")
    session.run(
        "pytest",
        "-p",
        "no:cacheprovider",
        "--hypothesis-show-statistics",
        "tests/templates/test_fuzz_templates.py",
        *session.posargs,
        env={"HYPOTHESIS_PROFILE": "fuzz"},
    )


@nox.session
def store_stress(session: nox.Session) -> None:
    """Two processes of four threads append 10,000 consent events each (not a default session).

    Every append is a durable commit, so the run is bound by the disk's fsync: 80,000 commits
    took about five minutes on a shared two-core machine, too long for every CI run; the
    default suite runs the same test with 120 events per writer.
    """
    session.install(".[tests]")
    session.run(
        "pytest",
        "-p",
        "no:cacheprovider",
        "--durations=1",
        "tests/store/test_store_durability.py::TestConcurrency",
        *session.posargs,
        env={"PT_STORE_EVENTS": "10000"},
    )
