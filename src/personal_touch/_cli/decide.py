"""
``python -m personal_touch decide REQUEST.json``: decide one message for one contact.
"""

from __future__ import annotations

import json
import sys
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


def _fail(lines: list[str]) -> int:
    sys.stderr.write("decide: invalid request:\n" + "".join(f"  - {line}\n" for line in lines))
    return 2


def run(args: argparse.Namespace) -> int:
    """
    Decide the request in ``args.request`` and print the decision.
    """
    from .. import converters
    from .._policy._io import DecisionRequest
    from ..exceptions import InvalidInputError, PersonalTouchError

    try:
        if args.request == "-":
            text = sys.stdin.read()
        else:
            with open(args.request, encoding="utf-8") as fh:
                text = fh.read()
    except OSError as exc:
        return _fail([f"cannot read the file: {exc.strerror or 'unreadable'} @ $"])
    try:
        data = json.loads(text)
    except ValueError as exc:
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "not JSON"
        return _fail([f"not valid JSON: {msg} @ $"])
    converter = converters.make_converter()
    try:
        request = converter.structure(data, DecisionRequest)
        decision = request.decide()
    except InvalidInputError as exc:
        return _fail(list(exc.errors))
    except PersonalTouchError as exc:
        return _fail([f"{exc} @ $"])
    if args.explain:
        sys.stdout.write(decision.explain() + "\n")
    else:
        sys.stdout.write(json.dumps(converter.unstructure(decision), indent=2) + "\n")
    return 0
