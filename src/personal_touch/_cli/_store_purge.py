"""
``personal-touch store purge DB [--at T] [--dry-run]``: apply the default retention policy.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

import pendulum

from ..exceptions import PersonalTouchError
from ..store import PurgeReport, SQLiteStore
from ._input import fail
from ._time import parse_instant

__all__ = ["register", "run"]

_COMMAND = "store purge"


def register(sub: Any) -> None:
    """
    Add the ``purge`` sub-command to the ``store`` group's *sub* parsers.
    """
    p: argparse.ArgumentParser = sub.add_parser(
        "purge",
        help="remove what is past its retention period",
        description="Apply the default retention policy: delete facts, interactions and "
        "decision-log rows past their period and the consent proof of grants that ended "
        "longer ago than their proof period, in one transaction. Suppressions are kept. "
        "Prints what went, per rule (counts only).",
    )
    p.add_argument("db", help="the store's SQLite file")
    p.add_argument("--at", help="the instant periods count back from (ISO 8601; default: now)")
    p.add_argument("--dry-run", action="store_true", help="remove nothing; say what would go")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=run)


def _lines(report: PurgeReport) -> list[str]:
    verb = "would remove" if report.dry_run else "removed"
    lines = [
        f"{r.record.value:<12} {r.rule:<32} {verb} {r.count} from {len(r.contact_ids)} "
        f"contact(s) (kept {r.keep})"
        for r in report.removals
    ]
    lines.append(f"{_COMMAND}: {verb} {report.total} record(s) at {report.at.isoformat()}")
    return lines


def run(args: argparse.Namespace) -> int:
    """
    Purge the store *args.db* at *args.at* (now by default) and print the report.

    Exit 0 on success, 2 when the file or an argument cannot be used.
    """
    if not os.path.isfile(args.db):
        return fail(_COMMAND, ["no such database file"], path=args.db)
    try:
        at = pendulum.now("UTC") if args.at is None else parse_instant(args.at)
        with SQLiteStore(args.db) as store:
            report = store.purge(at=at, dry_run=args.dry_run)
    except PersonalTouchError as exc:
        return fail(_COMMAND, [str(exc)], path=args.db)
    out = [json.dumps(report.summary(), sort_keys=True)] if args.json else _lines(report)
    sys.stdout.write("".join(line + "\n" for line in out))
    return 0
