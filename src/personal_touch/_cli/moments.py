"""
``python -m personal_touch moments CONTACTS.json``: upcoming moments, streamed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from . import _workers

if TYPE_CHECKING:
    from .._moments._model import Event
    from .._moments._options import MomentOptions
    from .._moments._scan import ScanSummary
    from ..converters._readers import LineProblems

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
    _workers.add_argument(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """
    Scan and print the moments, then the data-problem summary.

    Exit 0 when every contact was read, 1 when some were skipped (reported with their line
    numbers), 2 when an input cannot be used at all.
    """
    from .. import converters
    from .._moments._scan import scan_moments
    from ..converters._readers import LineProblems, read_contacts
    from ..exceptions import InvalidInputError
    from ._input import Unusable, fail, open_binary, unusable

    conv = converters.make_converter()
    setup = _setup(args, conv)
    if isinstance(setup, int):
        return setup
    at, within, events, options = setup
    if args.workers:
        return _run_chunked(args, (at, within, events, options, args.json))
    try:
        fh = open_binary(args.contacts)
    except Unusable as exc:
        return unusable("moments", exc)
    skipped = LineProblems()
    progress = sys.stderr.isatty()
    shown = 0
    try:
        counted = _counting(read_contacts(fh, conv, skipped))
        scan = scan_moments(counted, at=at, within=within, events=events, options=options)
        for m in scan:
            line = json.dumps(conv.unstructure(m, type(m))) if args.json else _line(m)
            sys.stdout.write(line + "\n")
            if progress and counted.n >= shown + _PROGRESS_EVERY:
                shown = counted.n
                sys.stderr.write(f"\rscanned {shown:,} contacts")
    except InvalidInputError as exc:
        return fail("moments", exc.errors, path=args.contacts)
    except BrokenPipeError:
        raise  # the reader went away: main() ends quietly
    except OSError as exc:
        problem = f"cannot read the file: {exc.strerror or 'unreadable'}"
        return fail("moments", [problem], path=args.contacts)
    finally:
        if args.contacts != "-":
            fh.close()
    if progress:
        sys.stderr.write(f"\rscanned {scan.contacts_scanned:,} contacts\n")
    return _report(args, scan.summary, skipped, read=counted.n + skipped.count)


_Job = tuple[dt.datetime, dt.timedelta, "tuple[Event, ...]", "MomentOptions", bool]


def _run_chunked(args: argparse.Namespace, job: _Job) -> int:
    """
    ``--workers N``: scan chunks of JSON lines on worker processes, print in input order.
    """
    from ._input import Unusable, fail, open_binary, unusable

    try:
        fh = open_binary(args.contacts)
    except Unusable as exc:
        return unusable("moments", exc)
    try:
        first = fh.readline()
        if first.strip()[:1] not in (b"{", b""):
            problem = "--workers needs JSON lines, one contact each"
            return fail("moments", [problem], path=args.contacts)
        work = ((s, ls, job) for s, ls in _workers.chunks(_prepend(first, fh)))
        summaries = []
        skipped = _Skipped()
        for out, summary, problems, count in _workers.run(_scan_chunk, work, args.workers):
            if out:
                sys.stdout.write("\n".join(out) + "\n")
            summaries.append(summary)
            skipped.add(problems, count)
    except ImportError as exc:
        return fail("moments", [str(exc)])
    finally:
        if args.contacts != "-":
            fh.close()
    read = sum(s.contacts for s in summaries) + skipped.problems.count
    return _report(args, _merge(summaries), skipped.problems, read=read)


def _prepend(first: bytes, fh: Any) -> Iterator[bytes]:
    yield first
    yield from fh


class _Skipped:
    """The skipped lines of every chunk, as one :class:`LineProblems`."""

    def __init__(self) -> None:
        from ..converters._readers import LineProblems

        self.problems = LineProblems()

    def add(self, problems: list[Any], count: int) -> None:
        for p in problems:
            self.problems.append(p)
        self.problems.count += count - len(problems)


def _scan_chunk(
    work: tuple[int, list[bytes], _Job],
) -> tuple[list[str], ScanSummary, list[Any], int]:
    """
    One chunk's moments (as printed lines), scan summary and skipped lines.
    """
    from .. import converters
    from .._moments._scan import scan_moments
    from ..converters._readers import LineProblems, read_lines

    start, lines, (at, within, events, options, as_json) = work
    conv = converters.make_converter()
    skipped = LineProblems()
    contacts = read_lines(lines, start, conv, skipped)
    scan = scan_moments(contacts, at=at, within=within, events=events, options=options)
    out = [json.dumps(conv.unstructure(m, type(m))) if as_json else _line(m) for m in scan]
    return out, scan.summary, skipped.first, skipped.count


def _merge(summaries: list[ScanSummary]) -> ScanSummary:
    """
    The summary of a whole scan from those of its chunks, in order.
    """
    from collections import Counter

    from .._moments._model import MomentKind
    from .._moments._scan import ScanSummary

    kinds: Counter[Any] = Counter()
    for s in summaries:
        kinds.update(dict(s.by_kind))
    problems = [p for s in summaries for p in s.problems][:_MAX_PROBLEMS]
    return ScanSummary(
        contacts=sum(s.contacts for s in summaries),
        moments=sum(s.moments for s in summaries),
        by_kind=tuple((k, kinds[k]) for k in MomentKind if kinds[k]),
        problems=tuple(problems),
        problem_count=sum(s.problem_count for s in summaries),
    )


#: The problems a scan keeps for its summary (``scan_moments``' default).
_MAX_PROBLEMS = 1000


def _setup(
    args: argparse.Namespace, conv: Any
) -> int | tuple[dt.datetime, dt.timedelta, tuple[Event, ...], MomentOptions]:
    """
    The instant, horizon, events and options; or the exit code of a bad argument.
    """
    import pendulum

    from .._moments._model import Event
    from .._moments._options import MomentOptions
    from ..exceptions import InvalidInputError, PersonalTouchError
    from ._input import Unusable, fail, read_json, unusable
    from ._time import parse_instant, parse_within

    try:
        at = pendulum.now("UTC") if args.at is None else parse_instant(args.at)
        within = parse_within(args.within)
        options = MomentOptions(leap_day=args.leap_day, include_losses=args.include_losses)
    except PersonalTouchError as exc:
        return fail("moments", [str(exc)])
    events: tuple[Event, ...] = ()
    if args.events:
        try:
            events = conv.structure(read_json(args.events), tuple[Event, ...])
        except Unusable as exc:
            return unusable("moments", exc)
        except InvalidInputError as exc:
            return fail("moments", exc.errors, path=args.events)
    return at, within, events, options


def _report(
    args: argparse.Namespace, summary: ScanSummary, skipped: LineProblems, *, read: int
) -> int:
    """
    Print the summary and the skipped lines (stderr with ``--json``); return the exit code.
    """
    from ._input import OK, SKIPPED, display

    report = sys.stderr if args.json else sys.stdout
    lines = summary.describe().splitlines()
    if skipped.count and not summary.problem_count:
        del lines[1:]  # not "No data problems.": some contacts were not even read
    report.write("\n".join(lines) + "\n")
    if not skipped.count:
        return OK
    report.write(
        f"Skipped {skipped.count} of {read} contact(s) in {display(args.contacts)}"
        " that could not be read:\n"
    )
    for p in skipped.first:
        report.write(f"  - skipped {p}\n")
    if skipped.count > len(skipped.first):
        report.write(f"  ... and {skipped.count - len(skipped.first)} more\n")
    return SKIPPED


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
