"""
Input files for every command, read one way.

A file a command cannot use at all (missing, unreadable, empty, not UTF-8, not JSON) raises
:class:`Unusable`, naming the file and the problem and never its content; the command reports
it with :func:`fail` and exits 2.  Streamed contacts skip the lines that are not contacts;
the command counts and reports them and exits 1 (:data:`SKIPPED`).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import IO, Any

#: Exit code: done, nothing skipped.
OK = 0
#: Exit code: done with what could be read, but some input was skipped (or a verdict said no).
SKIPPED = 1
#: Exit code: the input could not be used at all.
INVALID = 2


class Unusable(Exception):  # noqa: N818 - a message carrier, caught inside the CLI only
    """
    An input file a command cannot use at all.

    Args:
        path: The file as given on the command line (``-`` for standard input).
        problem: What is wrong, without any of the file's content.
    """

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{display(path)}: {problem}")
        self.path = path
        self.problem = problem


def display(path: str) -> str:
    """
    How messages name *path*: the path itself, or ``standard input`` for ``-``.
    """
    return "standard input" if path == "-" else path


def open_binary(path: str) -> IO[bytes]:
    """
    *path* (or standard input for ``-``) opened for reading bytes; close it unless stdin.

    Raises:
        Unusable: It cannot be opened.
    """
    if path == "-":
        return _stdin_bytes()
    try:
        return open(path, "rb")
    except OSError as exc:
        raise Unusable(path, _os_problem(exc)) from None


def read_text(path: str) -> str:
    """
    The whole of *path* as text (UTF-8, a byte-order mark allowed).

    Raises:
        Unusable: It cannot be read, is empty, or is not UTF-8.
    """
    fh = open_binary(path)
    try:
        data = fh.read()
    except OSError as exc:
        raise Unusable(path, _os_problem(exc)) from None
    finally:
        if path != "-":
            fh.close()
    if not data.strip():
        raise Unusable(path, "the input is empty")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise Unusable(path, f"not UTF-8 text (line {line})") from None


def read_json(path: str) -> Any:
    """
    The JSON document in *path*.

    Raises:
        Unusable: It cannot be read, is empty, is not UTF-8 or is not JSON.
    """
    text = read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise Unusable(
            path, f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise Unusable(path, "not valid JSON: nested too deeply") from None
    except ValueError:
        raise Unusable(path, "not valid JSON") from None


def fail(command: str, problems: Sequence[str], *, path: str | None = None) -> int:
    """
    Report *problems* with the input of *command* (in *path*, when one file is at fault).

    Returns:
        :data:`INVALID`, for the command to return.
    """
    where = "" if path is None else f" in {display(path)}"
    sys.stderr.write(
        f"{command}: invalid input{where}:\n" + "".join(f"  - {p}\n" for p in problems)
    )
    return INVALID


def unusable(command: str, exc: Unusable) -> int:
    """
    Report a file *command* cannot use; return :data:`INVALID`.
    """
    return fail(command, [exc.problem], path=exc.path)


def _stdin_bytes() -> IO[bytes]:
    buffer: IO[bytes] | None = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        return buffer
    # A text stand-in for stdin (tests): give its text back as the bytes it would have been.
    import io

    return io.BytesIO(sys.stdin.read().encode("utf-8", "surrogatepass"))


def _os_problem(exc: OSError) -> str:
    return f"cannot read the file: {exc.strerror or 'unreadable'}"
