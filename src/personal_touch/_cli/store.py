"""
``python -m personal_touch store ...``: create, fill, export, erase, verify and purge a store.

The group's sub-commands are registered by the functions in :data:`REGISTER`; ``purge`` lives
in its own module (:mod:`._store_purge`), registered the same way.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import _store_purge

if TYPE_CHECKING:
    import argparse

    import pendulum

    from ..store import SQLiteStore

_PROGRESS_EVERY = 10_000


def _init(sub: Any) -> None:
    p = sub.add_parser("init", help="create (or migrate) a store file")
    p.add_argument("db", help="the database file")
    p.set_defaults(func=run_init)


def _import(sub: Any) -> None:
    p = sub.add_parser(
        "import",
        help="import contacts, grants and interactions from JSON lines",
        description="Read one JSON object a line: {'contact': {...}}, {'grant': {...}, "
        "'recorded_at': '...'} or {'interaction': {...}}, in the converters' JSON shape. "
        "Bad lines are reported and skipped (exit 2).",
    )
    p.add_argument("db", help="the database file")
    p.add_argument("file", help="the JSON-lines file, or - for standard input")
    p.set_defaults(func=run_import)


def _export(sub: Any) -> None:
    p = sub.add_parser("export", help="print everything held about one person (JSON)")
    p.add_argument("db", help="the database file")
    p.add_argument("contact_id", help="whose data")
    p.add_argument("--summary", action="store_true", help="print the readable summary instead")
    p.add_argument("--at", help="the export's instant (ISO 8601; default: now)")
    p.set_defaults(func=run_export)


def _erase(sub: Any) -> None:
    p = sub.add_parser("erase", help="erase one person's personal data")
    p.add_argument("db", help="the database file")
    p.add_argument("contact_id", help="whose data")
    p.add_argument("--reason", required=True, help="a reason code, e.g. art17_request")
    p.add_argument("--at", help="the erasure's instant (ISO 8601; default: now)")
    p.set_defaults(func=run_erase)


def _verify(sub: Any) -> None:
    p = sub.add_parser("verify", help="check the file and its hash chains (exit 1 if broken)")
    p.add_argument("db", help="the database file")
    p.set_defaults(func=run_verify)


#: The functions that add the group's sub-commands, in the order ``--help`` lists them.
REGISTER: tuple[Callable[[Any], None], ...] = (
    _init,
    _import,
    _export,
    _erase,
    _verify,
    _store_purge.register,
)


def register(sub: Any) -> None:
    """
    Add the ``store`` group with every sub-command of :data:`REGISTER`.
    """
    p: argparse.ArgumentParser = sub.add_parser(
        "store",
        help="keep contacts and consent in a SQLite store",
        description="Create, fill, export, erase, verify and purge a SQLite store.",
    )
    group = p.add_subparsers(dest="store_command", required=True, metavar="STORE_COMMAND")
    for add in REGISTER:
        add(group)


def _open(path: str) -> SQLiteStore:
    from ..store import SQLiteStore

    return SQLiteStore(path)


def _missing(command: str, path: str) -> int | None:
    """
    Exit code 2, said on stderr, when *path* is not a file (``None`` when it is).

    Only ``init`` creates a store, so a mistyped path never becomes a new, empty one.
    """
    from ._input import fail

    if os.path.isfile(path):
        return None
    return fail(
        f"store {command}", ["no such database file (create it with store init)"], path=path
    )


def _instant(value: str | None) -> pendulum.DateTime | None:
    """
    The instant given by ``--at``, or now (the command line is the edge that reads clocks).
    """
    import pendulum

    from ..exceptions import PersonalTouchError
    from ._input import fail

    if not value:
        return pendulum.now("UTC")
    from ._time import parse_instant

    try:
        return parse_instant(value)
    except PersonalTouchError:
        fail("store", ["expected an ISO 8601 instant with an offset @ --at"])
        return None


def run_init(args: argparse.Namespace) -> int:
    """
    Create or migrate the store file; print its schema version.
    """
    with _open(args.db) as store:
        sys.stdout.write(f"{args.db}: schema version {store.schema_version}\n")
    return 0


def _one(store: SQLiteStore, data: Any, conv: Any) -> None:
    from .. import ConsentGrant, Contact, Interaction
    from ..converters import parse_datetime
    from ..exceptions import InvalidInputError

    if not isinstance(data, dict) or len(data.keys() - {"recorded_at"}) != 1:
        raise InvalidInputError(["expected one of contact, grant, interaction @ $"])
    if "contact" in data:
        store.put_contact(conv.structure(data["contact"], Contact))
    elif "grant" in data:
        grant = conv.structure(data["grant"], ConsentGrant)
        recorded = data.get("recorded_at")
        at = parse_datetime(recorded) if recorded else grant.recorded_at or grant.granted_at
        store.record_consent(grant, recorded_at=at)
    elif "interaction" in data:
        store.add_interaction(conv.structure(data["interaction"], Interaction))
    else:
        raise InvalidInputError(["expected one of contact, grant, interaction @ $"])


def run_import(args: argparse.Namespace) -> int:
    """
    Import the JSON lines of ``args.file``; a progress line on a terminal's stderr.
    """
    from .. import converters
    from ..exceptions import PersonalTouchError
    from ._input import Unusable, fail, open_binary, unusable

    code = _missing("import", args.db)
    if code is not None:
        return code
    try:
        fh = open_binary(args.file)
    except Unusable as exc:
        return unusable("store import", exc)
    conv, problems, n = converters.make_converter(), [], 0
    progress = sys.stderr.isatty()
    with _open(args.db) as store:
        try:
            for n, raw in enumerate(fh, 1):
                if not raw.strip():
                    continue
                try:
                    _one(store, json.loads(raw), conv)
                except (ValueError, PersonalTouchError):
                    problems.append(f"line {n} is not a contact, grant or interaction")
                if progress and n % _PROGRESS_EVERY == 0:
                    sys.stderr.write(f"\rimported {n:,} lines")
        finally:
            if args.file != "-":
                fh.close()
    if progress:
        sys.stderr.write(f"\rimported {n:,} lines\n")
    if problems:
        return fail("store import", problems[:20], path=args.file)
    return 0


def run_export(args: argparse.Namespace) -> int:
    """
    Print one person's export as JSON, or its summary.
    """
    from ..exceptions import PersonalTouchError
    from ._input import fail

    at = _instant(args.at)
    code = _missing("export", args.db)
    if at is None or code is not None:
        return 2
    try:
        with _open(args.db) as store:
            export = store.export(args.contact_id, at=at)
    except PersonalTouchError as exc:
        return fail("store export", [str(exc)], path=args.db)
    sys.stdout.write((export.summary() if args.summary else export.to_json()) + "\n")
    return 0


def run_erase(args: argparse.Namespace) -> int:
    """
    Erase one person's data; print the report as JSON (counts only).
    """
    from .. import converters
    from ..exceptions import PersonalTouchError
    from ._input import fail

    at = _instant(args.at)
    code = _missing("erase", args.db)
    if at is None or code is not None:
        return 2
    try:
        with _open(args.db) as store:
            report = store.erase(args.contact_id, at=at, reason=args.reason)
    except PersonalTouchError as exc:
        return fail("store erase", [str(exc)], path=args.db)
    sys.stdout.write(json.dumps(converters.unstructure(report), sort_keys=True) + "\n")
    return 0


def run_verify(args: argparse.Namespace) -> int:
    """
    Verify the file and its chains; exit 1 and name the first broken link if one is.
    """
    code = _missing("verify", args.db)
    if code is not None:
        return code
    with _open(args.db) as store:
        report = store.verify()
    for table, count in report.checked:
        sys.stdout.write(f"{table}: {count:,} rows checked\n")
    if report.is_intact:
        sys.stdout.write("intact\n")
        return 0
    for link in report.broken:
        sys.stdout.write(f"broken: {link}\n")
    return 1
