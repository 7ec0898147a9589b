"""
``--workers N``: the commands' per-line work spread over worker processes, output in order.

The main process reads the input file in chunks of lines and writes the results; workers do
the work of each chunk with the same functions one process uses.  With one worker nothing
starts and the chunks run here, so ``--workers 1`` is the reference the others must equal.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Lines per chunk: large enough that a task's overhead is small against its work, small
#: enough that a few chunks per worker stay in memory.
CHUNK_LINES = 2_000


def add_argument(p: argparse.ArgumentParser) -> None:
    """
    Add ``--workers N`` to a command that reads JSON lines.
    """
    p.add_argument(
        "--workers",
        type=_positive,
        metavar="N",
        help="spread the work over N local worker processes (needs the 'dask' extra; "
        "the input must be JSON lines); the output is the same, in the same order",
    )


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        msg = "must be a whole number of at least 1"
        raise argparse.ArgumentTypeError(msg)
    return n


def chunks(lines: Iterable[bytes], size: int = CHUNK_LINES) -> Iterator[tuple[int, list[bytes]]]:
    """
    *lines* in chunks of *size*, each with the number of its first line (from 1).
    """
    start, chunk = 1, []
    for line in lines:
        chunk.append(line)
        if len(chunk) == size:
            yield start, chunk
            start, chunk = start + size, []
    if chunk:
        yield start, chunk


def run(fn: Callable[[T], R], items: Iterable[T], workers: int) -> Iterator[R]:
    """
    ``fn(item)`` for each item, in order: here for one worker, on a local cluster for more.
    """
    if workers == 1:
        yield from map(fn, items)
        return
    from .. import dask as ptd

    with ptd.client(workers=workers) as client:
        yield from ptd.map_in_order(fn, items, client=client)
