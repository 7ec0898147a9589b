"""
The ``python -m personal_touch`` command line: a thin shell over the public API.

Each sub-command lives in its own module exposing ``register(subparsers)``, which adds
its parser and sets ``func`` to a callable taking the parsed namespace and returning the
exit code.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from . import decide, demo, listen, moments, plan, render, store

#: Sub-command modules, in the order ``--help`` lists them.
COMMANDS = (demo, decide, listen, moments, plan, render, store)


def build_parser(prog: str | None = None) -> argparse.ArgumentParser:
    """
    The argument parser with every sub-command registered.

    Args:
        prog: The program's name in usage and errors (default: as invoked, see
            :func:`program_name`).
    """
    from .. import __version__

    parser = argparse.ArgumentParser(
        prog=program_name() if prog is None else prog,
        description="Automate the personal touch without becoming creepy.",
    )
    parser.add_argument("--version", action="version", version=f"personal-touch {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        module.register(sub)
    return parser


def program_name() -> str:
    """
    The program's name as invoked: ``personal-touch`` for the installed script.

    ``python -m personal_touch`` passes its own name (see ``__main__``); a script called under
    another name (a wrapper, a symlink) is named by ``sys.argv[0]``.
    """
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    return name if name and name not in ("-c", "__main__.py") else "personal-touch"


def module_program_name() -> str:
    """
    ``python -m personal_touch``, with the interpreter's own name (``python3 -m ...``).
    """
    python = os.path.basename(sys.executable) if sys.executable else ""
    return f"{python or 'python'} -m personal_touch"


def main(argv: Sequence[str] | None = None, *, prog: str | None = None) -> int:
    """
    Run the command line with *argv* (default: ``sys.argv[1:]``); return the exit code.

    A reader that goes away (``| head``) ends the command quietly with exit code 1, as the
    Python documentation recommends for SIGPIPE; so does Ctrl-C, with 130.
    """
    args = build_parser(prog).parse_args(argv)
    try:
        code: int = args.func(args)
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        return 1
    except KeyboardInterrupt:
        return 130
    return code


def _silence_stdout() -> None:
    """
    Point standard output at the null device, so that the flush at exit cannot fail again.
    """
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (tests capture it): nothing is flushed at exit
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
