"""
``python -m personal_touch demo``: a tour of the sample data.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: Any) -> None:
    """
    Add the ``demo`` sub-command.
    """
    p: argparse.ArgumentParser = sub.add_parser("demo", help="show the bundled sample data")
    p.add_argument(
        "--at",
        help="the instant to show the data at, ISO 8601 with offset, e.g. 2026-12-07T09:00Z "
        "(default: the sample's own date, 2026-11-30T09:00Z)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """
    Print the demo.
    """
    from .._tour import render_demo
    from ..exceptions import PersonalTouchError
    from ._time import parse_instant

    try:
        text = render_demo(at=None if args.at is None else parse_instant(args.at))
    except PersonalTouchError as e:
        sys.stderr.write(f"demo: {e}\n")
        return 2
    sys.stdout.write(text)
    return 0
