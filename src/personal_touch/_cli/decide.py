"""
``python -m personal_touch decide REQUEST.json``: decide one message for one contact.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

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

    try:
        data = read_json(args.request)
    except Unusable as exc:
        return _fail([exc.problem], args.request)
    try:
        request = converters.structure(data, DecisionRequest)
        decision = request.decide()
    except InvalidInputError as exc:
        return _fail(exc.errors, args.request)
    except PersonalTouchError as exc:
        return _fail([f"{exc} @ $"], args.request)
    if args.explain:
        sys.stdout.write(decision.explain() + "\n")
    else:
        sys.stdout.write(converters.dumps(decision, indent=2) + "\n")
    return 0
