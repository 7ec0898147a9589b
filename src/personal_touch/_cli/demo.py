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
        "--at", help="the instant to show the data at (ISO 8601, default: sample's date)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """
    Print the demo.
    """
    from .._demo import render_demo

    sys.stdout.write(render_demo(at=args.at))
    return 0
