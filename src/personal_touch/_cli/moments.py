"""
``python -m personal_touch moments CONTACTS.json``: upcoming moments, streamed.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO, Any

_PROGRESS_EVERY = 10_000


def register(sub: Any) -> None:
    """
    Add the ``moments`` sub-command.
    """
    p: argparse.ArgumentParser = sub.add_parser(
        "moments",
        help="list upcoming moments that matter to your contacts",
        description="Scan contacts (JSON lines, a JSON array, or an object with 'contacts') "
        "for moments whose gesture window falls within the horizon. JSON lines are streamed.",
    )
    p.add_argument("contacts", help="the contacts file, or - for standard input")
    p.add_argument("--at", help="the instant to scan from (ISO 8601 with offset; default: now)")
    p.add_argument("--within", default="14d", help="how far ahead: 14d, 2w, 36h (default 14d)")
    p.add_argument("--events", help="a JSON file with a list of external events to match")
    p.add_argument("--json", action="store_true", help="print JSON lines, one moment each")
    p.add_argument(
        "--leap-day", choices=["feb_28", "mar_1"], default="feb_28", help="Feb 29 in common years"
    )
    p.add_argument("--include-losses", action="store_true", help="report teams' losses too")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """
    Scan and print the moments, then the data-problem summary.
    """
    import pendulum

    from .. import converters
    from .._demo import parse_instant
    from .._moments._io import LineProblem, parse_within, read_contacts
    from .._moments._model import Event
    from .._moments._options import MomentOptions
    from .._moments._scan import scan_moments
    from ..exceptions import PersonalTouchError

    conv = converters.make_converter()
    try:
        at = pendulum.now("UTC") if args.at is None else parse_instant(args.at)
        within = parse_within(args.within)
        events: tuple[Event, ...] = ()
        if args.events:
            with open(args.events, encoding="utf-8") as ev:
                events = conv.structure(json.load(ev), tuple[Event, ...])
        options = MomentOptions(leap_day=args.leap_day, include_losses=args.include_losses)
    except (PersonalTouchError, OSError, ValueError) as exc:
        sys.stderr.write(f"moments: {exc}\n")
        return 2
    bad_lines: list[LineProblem] = []
    fh: IO[str] = sys.stdin if args.contacts == "-" else open(args.contacts, encoding="utf-8")  # noqa: SIM115
    progress = sys.stderr.isatty()
    shown = 0
    out = sys.stdout
    try:
        counted = _counting(read_contacts(fh, conv, bad_lines))
        scan = scan_moments(counted, at=at, within=within, events=events, options=options)
        for m in scan:
            if args.json:
                out.write(json.dumps(conv.unstructure(m, type(m))) + "\n")
            else:
                out.write(_line(m) + "\n")
            if progress and counted.n >= shown + _PROGRESS_EVERY:
                shown = counted.n
                sys.stderr.write(f"\rscanned {shown:,} contacts")
    finally:
        if fh is not sys.stdin:
            fh.close()
    if progress:
        sys.stderr.write(f"\rscanned {scan.contacts_scanned:,} contacts\n")
    report = sys.stderr if args.json else out
    report.write(scan.summary.describe() + "\n")
    for p in bad_lines:
        report.write(f"  - skipped {p}\n")
    return 0


class _counting:  # noqa: N801 - a tiny iterator wrapper
    def __init__(self, it: Any) -> None:
        self.it = it
        self.n = 0

    def __iter__(self) -> _counting:
        return self

    def __next__(self) -> Any:
        item = next(self.it)
        self.n += 1
        return item


def _line(m: Any) -> str:
    w = m.window
    return (
        f"{m.occurs_on.isoformat()}  {m.kind.value:<12} {m.contact_id:<12} {m.tone.value:<11}"
        f" window {w.start.format('ddd D MMM HH:mm')} to {w.end.format('ddd D MMM HH:mm')}"
        f" ({w.start.timezone_name})  {m.id}"
    )
