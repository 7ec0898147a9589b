"""
Clusters and input for :mod:`personal_touch.dask`: a client, JSON-lines and Parquet readers.

Imports the real ``dask`` library (an absolute import, whatever this package is called) and
raises :class:`ImportError` naming the extra to install when it is missing.
"""

from __future__ import annotations

import collections
import contextlib
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

try:
    import dask
    import dask.bag
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    msg = "personal_touch.dask needs the 'dask' extra: pip install 'personal-touch[dask]'"
    raise ImportError(msg) from exc

from ..exceptions import InvalidFieldError, InvalidInputError

if TYPE_CHECKING:
    import distributed

T = TypeVar("T")
R = TypeVar("R")

#: The default size of a partition read from text: small enough that a worker holds a few
#: at a time, large enough that per-partition set-up (a converter, a policy) is paid rarely.
DEFAULT_BLOCKSIZE = "8MiB"


@contextlib.contextmanager
def client(
    *,
    workers: int | None = None,
    address: str | None = None,
    memory_limit: str | float = "auto",
) -> Iterator[distributed.Client]:
    """
    A :class:`distributed.Client` for the block: a local cluster of processes, or *address*.

    Args:
        workers: How many worker processes to start (default: one per core); one thread
            each, since deciding is pure Python.
        address: A running scheduler (``"tcp://scheduler:8786"``); no local cluster starts.
        memory_limit: Each local worker's memory bound (``"2GiB"``; ``"auto"`` shares the
            machine's memory among the workers).  Past it, the nanny restarts the worker.

    Raises:
        InvalidFieldError: *workers* is below 1, or both *workers* and *address* are given.
    """
    import distributed

    if address is not None:
        if workers is not None:
            raise InvalidFieldError("workers", "cannot be given with a scheduler address")
        with distributed.Client(address) as remote:
            yield remote
        return
    count = (os.cpu_count() or 1) if workers is None else workers
    if count < 1:
        raise InvalidFieldError("workers", "must be at least 1")
    with (
        distributed.LocalCluster(
            n_workers=count,
            threads_per_worker=1,
            processes=True,
            memory_limit=memory_limit,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        distributed.Client(cluster) as local,
    ):
        yield local


def read_json_lines(
    paths: str | Sequence[str], *, blocksize: str | int | None = DEFAULT_BLOCKSIZE
) -> dask.bag.Bag:
    """
    A bag of the records in JSON-lines files (globs allowed), blank lines skipped.

    A line that is not JSON fails the computation with
    :class:`~personal_touch.exceptions.InvalidInputError` naming its position in its partition,
    never its content.
    """
    text = dask.bag.read_text(paths, blocksize=blocksize)
    return text.map_partitions(_json_lines)


def _json_lines(lines: Iterable[str]) -> list[Any]:
    out = []
    for n, line in enumerate(lines):
        if line.strip():
            value = _loads(line)
            if value is _NOT_JSON:
                raise InvalidInputError([f"not valid JSON @ $[{n}]"], what="records")
            out.append(value)
    return out


_NOT_JSON = object()


def _loads(line: str) -> Any:
    try:
        return json.loads(line)
    except (ValueError, RecursionError):
        return _NOT_JSON


def read_parquet(
    paths: str | Sequence[str],
    *,
    columns: Sequence[str] | None = None,
    json_columns: Sequence[str] = (),
) -> dask.bag.Bag:
    """
    A bag of the rows of Parquet files as plain dicts, one partition per row group.

    Nested columns (structs and lists) come back as dicts and lists, and timestamps as
    aware datetimes, through ``pyarrow``'s own conversion.  Parts whose shape varies from
    row to row (fact values, a whole history) are usually stored as JSON text: name those
    columns in *json_columns* and they are parsed back.
    """
    files = [paths] if isinstance(paths, str) else list(paths)
    wanted = None if columns is None else tuple(columns)
    parts: list[Any] = []
    for path in files:
        groups = _parquet().ParquetFile(path).metadata.num_row_groups
        parts.extend(
            dask.delayed(_row_group)(path, g, wanted, tuple(json_columns)) for g in range(groups)
        )
    return dask.bag.from_delayed(parts)


def _parquet() -> Any:
    import pyarrow.parquet

    return pyarrow.parquet


def _row_group(
    path: str, group: int, columns: tuple[str, ...] | None, json_columns: tuple[str, ...]
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (
        _parquet().ParquetFile(path).read_row_group(group, columns=columns).to_pylist()
    )
    for n, row in enumerate(rows):
        for name in json_columns:
            text = row.get(name)
            if isinstance(text, str):
                value = _loads(text)
                if value is _NOT_JSON:
                    raise InvalidInputError([f"not valid JSON @ $[{n}].{name}"], what="records")
                row[name] = value
    return rows


def map_in_order(
    fn: Callable[[T], R], items: Iterable[T], *, client: distributed.Client, window: int = 0
) -> Iterator[R]:
    """
    ``fn(item)`` for each of *items* on *client*'s workers, yielded in the order of *items*.

    At most *window* items are in flight at once (default: two per worker), so memory stays
    bounded however long *items* is: the next item is read only when the oldest result has
    been yielded.  *fn* must be importable by the workers (a module-level function).
    """
    if window <= 0:
        window = 2 * max(1, len(client.scheduler_info().get("workers", {})))
    pending: collections.deque[Any] = collections.deque()
    for item in items:
        pending.append(client.submit(fn, item, pure=False))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()
