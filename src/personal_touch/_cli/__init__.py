"""
The ``python -m personal_touch`` command line: a thin shell over the public API.

Each sub-command lives in its own module exposing ``register(subparsers)``, which adds
its parser and sets ``func`` to a callable taking the parsed namespace and returning the
exit code.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import decide, demo, moments, plan, render

#: Sub-command modules, in the order ``--help`` lists them.
COMMANDS = (demo, decide, moments, plan, render)


def build_parser() -> argparse.ArgumentParser:
    """
    The argument parser with every sub-command registered.
    """
    parser = argparse.ArgumentParser(
        prog="python -m personal_touch",
        description="Automate the personal touch without becoming creepy.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """
    Run the command line with *argv* (default: ``sys.argv[1:]``); return the exit code.
    """
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
