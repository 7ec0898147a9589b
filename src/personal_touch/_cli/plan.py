"""
``python -m personal_touch plan [DATA.json]``: this week's attention plan as an agenda.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(sub: Any) -> None:
    """
    Add the ``plan`` sub-command.
    """
    p: argparse.ArgumentParser = sub.add_parser(
        "plan",
        help="plan who writes to whom about which moment",
        description="Read contacts, consents, history, team and events (the sample data's "
        "JSON shape, with the optional 'team' and 'events'; default: the bundled sample) "
        "and print the agenda.",
    )
    p.add_argument("data", nargs="?", help="the data file (default: the bundled sample)")
    p.add_argument("--at", help="the instant to plan at (ISO 8601; default: the file's 'at')")
    p.add_argument("--within", default="7d", help="how far ahead: 7d, 2w (default 7d)")
    p.add_argument("--json", action="store_true", help="print the plan as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """
    Plan and print the agenda (or JSON).
    """
    import pendulum

    from .. import converters
    from .._moments._followups import follow_ups
    from .._moments._scan import scan_moments
    from .._planning._planner import plan
    from ..converters._readers import read_plan_input
    from ..exceptions import InvalidInputError, PersonalTouchError
    from ..testing import sample_json
    from ._input import Unusable, fail, read_json, unusable
    from ._time import parse_instant, parse_within

    conv = converters.make_converter()
    try:
        doc = sample_json() if args.data is None else read_json(args.data)
    except Unusable as exc:
        return unusable("plan", exc)
    source = "the bundled sample" if args.data is None else args.data
    if not isinstance(doc, dict):
        return fail("plan", ["expected a JSON object @ $"], path=source)
    try:
        data = read_plan_input(doc, conv)
    except InvalidInputError as exc:
        return fail("plan", exc.errors, path=source)
    try:
        at = parse_instant(args.at) if args.at else data.at or pendulum.now("UTC")
        within = parse_within(args.within)
    except PersonalTouchError as exc:
        return fail("plan", [str(exc)])
    try:
        scan = scan_moments(data.contacts, at=at, within=within, events=data.events)
        moments = [*scan, *follow_ups(data.contacts, data.history, at=at, within=within)]
        p = plan(
            moments,
            data.contacts,
            consents=data.ledgers,
            history=data.history,
            team=data.team,
            at=at,
            within=within,
        )
    except PersonalTouchError as exc:
        return fail("plan", [str(exc)], path=source)
    if args.json:
        sys.stdout.write(json.dumps(conv.unstructure(p), indent=2) + "\n")
    else:
        sys.stdout.write(p.agenda())
        if scan.summary.problems:
            sys.stdout.write("\n" + scan.summary.describe() + "\n")
    return 0
