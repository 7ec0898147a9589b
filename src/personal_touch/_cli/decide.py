"""
``python -m personal_touch decide REQUEST.json``: decide one message for one contact.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from . import _workers

if TYPE_CHECKING:
    import argparse


def register(sub: Any) -> None:
    """
    Add the ``decide`` sub-command.
    """
    p: argparse.ArgumentParser = sub.add_parser(
        "decide",
        help="decide whether, when and how personally a message may go",
        description="Read a decision request (JSON: contact, message, at, consents, history) "
        "and print the decision as JSON. Exit 0 for any verdict, 2 for invalid input.",
    )
    p.add_argument("request", help="the request file, or - for standard input")
    p.add_argument(
        "--explain", action="store_true", help="print the readable account instead of JSON"
    )
    p.add_argument(
        "--what-if",
        action="store_true",
        help="also print the smallest changes that would change the decision, each decided "
        "again (not with --workers)",
    )
    _workers.add_argument(p)
    p.set_defaults(func=run)


def _fail(lines: Sequence[str], path: str) -> int:
    from ._input import display

    sys.stderr.write(
        f"decide: invalid request in {display(path)}:\n"
        + "".join(f"  - {line}\n" for line in lines)
    )
    return 2


def run(args: argparse.Namespace) -> int:
    """
    Decide the request in ``args.request`` and print the decision.
    """
    from .. import converters
    from .._policy._io import DecisionRequest
    from ..exceptions import InvalidInputError, PersonalTouchError
    from ._input import Unusable, read_json

    if args.workers:
        if args.what_if:
            return _fail(["--what-if decides one request, not a batch (--workers)"], "-")
        return _run_batch(args)
    try:
        data = read_json(args.request)
    except Unusable as exc:
        return _fail([exc.problem], args.request)
    try:
        request = converters.structure(data, DecisionRequest)
        decision = request.decide()
        found = decision.what_if() if args.what_if else None
    except InvalidInputError as exc:
        return _fail(exc.errors, args.request)
    except PersonalTouchError as exc:
        return _fail([f"{exc} @ $"], args.request)
    if args.explain:
        sys.stdout.write(decision.explain() + "\n")
        if found is not None:
            sys.stdout.write(
                "  what would change it:\n"
                + "".join(f"    - {w.describe()}\n" for w in found)
                + ("" if found else "    (nothing the search tries)\n")
            )
    elif found is not None:
        both = {"decision": decision, "what_if": list(found)}
        sys.stdout.write(converters.dumps(both, indent=2) + "\n")
    else:
        sys.stdout.write(converters.dumps(decision, indent=2) + "\n")
    return 0


def _run_batch(args: argparse.Namespace) -> int:
    """
    ``--workers N``: decide JSON lines of requests on worker processes; one decision a line.

    Lines that are not requests are skipped and reported with their numbers (exit 1).
    """
    from ._input import OK, SKIPPED, Unusable, display, fail, open_binary, unusable

    try:
        fh = open_binary(args.request)
    except Unusable as exc:
        return unusable("decide", exc)
    shown: list[str] = []
    count = 0
    try:
        work = ((s, ls, args.explain) for s, ls in _workers.chunks(fh))
        for out, problems in _workers.run(_decide_chunk, work, args.workers):
            if out:
                sys.stdout.write("\n".join(out) + "\n")
            count += len(problems)
            shown.extend(problems[: _SHOWN - len(shown)])
    except ImportError as exc:
        return fail("decide", [str(exc)])
    finally:
        if args.request != "-":
            fh.close()
    if not count:
        return OK
    sys.stderr.write(
        f"decide: skipped {count} line(s) of {display(args.request)}"
        " that are not decision requests:\n" + "".join(f"  - {p}\n" for p in shown)
    )
    if count > len(shown):
        sys.stderr.write(f"  ... and {count - len(shown)} more\n")
    return SKIPPED


#: How many skipped lines a batch names (all are counted).
_SHOWN = 20


def _decide_chunk(work: tuple[int, list[bytes], bool]) -> tuple[list[str], list[str]]:
    """
    One chunk's decisions (as printed) and its skipped lines (number and problems).
    """
    import json

    from .. import converters
    from .._policy._engine import default_policy
    from .._policy._io import DecisionRequest
    from ..exceptions import InvalidInputError, PersonalTouchError

    start, lines, explain = work
    policy = default_policy()
    out: list[str] = []
    problems: list[str] = []
    for n, raw in enumerate(lines, start=start):
        if not raw.strip():
            continue
        try:
            request = converters.structure(json.loads(raw), DecisionRequest)
            decision = request.decide(policy=policy)
        except InvalidInputError as exc:
            problems.append(f"line {n}: " + "; ".join(exc.errors))
            continue
        except PersonalTouchError as exc:
            problems.append(f"line {n}: {exc} @ $")
            continue
        except (ValueError, RecursionError):
            problems.append(f"line {n}: not valid JSON @ $")
            continue
        out.append(decision.explain() if explain else converters.dumps(decision))
    return out, problems
