"""
Batch scale-out on Dask: decide, scan and plan bags of JSON records across processes.

Install with ``pip install 'personal-touch[dask]'``.  Every function here maps one of the
library's verbs over the partitions of a :class:`dask.bag.Bag` of JSON-shaped records (dicts,
as read from JSON lines or Parquet), with the same code that runs in one process, so the
results are the same: the ``*_records`` functions are that code, usable without a cluster.

A record holds everything about one contact (the contact, its consent grants and its
history), so a partition never needs another partition's data; records are split across
partitions by position and the order of the output follows the input.

>>> import pendulum, personal_touch.dask as ptd
>>> row = {
...     "contact": {
...         "id": "c-1",
...         "created_at": "2024-01-01T00:00:00+00:00",
...         "timezone": "Europe/Berlin",
...         "birth_date": "1980-12-03",
...     },
...     "consents": [],
...     "history": [],
... }
>>> at = pendulum.datetime(2026, 12, 1, 9)
>>> [m["kind"] for m in ptd.scan_records([row], at=at, within=pendulum.duration(days=7))]
['birthday']

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

try:
    import dask
    import dask.bag
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    msg = "personal_touch.dask needs the 'dask' extra: pip install 'personal-touch[dask]'"
    raise ImportError(msg) from exc

from ._consent import ConsentGrant, ConsentLedger
from ._contacts import Contact
from ._interactions import Interaction
from ._moments._scan import scan_moments
from ._planning._planner import plan as _plan
from ._policy._engine import default_policy
from ._policy._io import DecisionRequest
from ._time import in_range
from .converters import Converter, make_converter
from .exceptions import InvalidFieldError, InvalidInputError

if TYPE_CHECKING:
    import distributed

    from ._moments._model import Event
    from ._moments._options import MomentOptions
    from ._policy._policy import Policy

__all__ = [
    "client",
    "decide",
    "decide_records",
    "map_in_order",
    "plan",
    "plan_records",
    "read_json_lines",
    "read_parquet",
    "scan",
    "scan_records",
]

T = TypeVar("T")
R = TypeVar("R")

#: The default size of a partition read from text: small enough that a worker holds a few
#: at a time, large enough that per-partition set-up (a converter, a policy) is paid rarely.
DEFAULT_BLOCKSIZE = "8MiB"


# -- clusters and input ----------------------------------------------------------------------


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

    A line that is not JSON fails the computation with :class:`InvalidInputError` naming
    its position in its partition, never its content.
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


# -- the verbs, one partition at a time ---------------------------------------------------------


def decide_records(
    rows: Iterable[Mapping[str, Any]], *, policy: Policy | None = None
) -> Iterator[dict[str, Any]]:
    """
    Decide each decision request (the JSON form of :class:`DecisionRequest`); yield decisions.

    Raises:
        InvalidInputError: A row is not a decision request; the problems name its position
            in *rows* (``$[3].contact.id``), never its values.
    """
    converter = make_converter()
    chosen = default_policy() if policy is None else policy
    for n, row in enumerate(rows):
        request = _structure(converter, row, DecisionRequest, n)
        yield converter.unstructure(request.decide(policy=chosen))


def scan_records(
    rows: Iterable[Mapping[str, Any]],
    *,
    at: dt.datetime,
    within: dt.timedelta,
    events: Iterable[Event] = (),
    options: MomentOptions | None = None,
) -> Iterator[dict[str, Any]]:
    """
    The moments of each record's contact (a contact record, or a bare contact), as JSON.

    Facts that do not fit their kind are skipped, as :func:`~personal_touch.scan_moments`
    skips them.

    Raises:
        InvalidInputError: A row is not a contact (record); the problems name its position.
    """
    converter = make_converter()
    contacts = (
        _structure(converter, _contact_of(row), Contact, n, "contact" if "contact" in row else "")
        for n, row in enumerate(rows)
    )
    scan = scan_moments(contacts, at=at, within=within, events=tuple(events), options=options)
    for moment in scan:
        yield converter.unstructure(moment)


def plan_records(
    rows: Iterable[Mapping[str, Any]],
    *,
    at: dt.datetime,
    within: dt.timedelta,
    events: Iterable[Event] = (),
    options: MomentOptions | None = None,
    policy: Policy | None = None,
    min_gap: dt.timedelta = dt.timedelta(days=2),
) -> Iterator[dict[str, Any]]:
    """
    Scan each contact record and plan its automated gestures: one plan (JSON) per record.

    Planning without a team is a matter of one contact at a time (the gap between two
    gestures is counted per contact), so each record's plan is the part of the plan for
    all records that concerns its contact.  Briefs for human writers share the writers'
    capacity across contacts: plan those in one process with :func:`~personal_touch.plan`.

    Raises:
        InvalidInputError: A row is not a contact record; the problems name its position.
    """
    now = in_range(at, "at")
    converter = make_converter()
    chosen = default_policy() if policy is None else policy
    found = tuple(events)
    for n, row in enumerate(rows):
        contact, ledger, history = _record(converter, row, n)
        moments = scan_moments([contact], at=now, within=within, events=found, options=options)
        result = _plan(
            moments,
            [contact],
            consents=[ledger],
            history=history,
            at=now,
            policy=chosen,
            min_gap=min_gap,
            within=within,
        )
        yield converter.unstructure(result)


# -- the verbs over bags -------------------------------------------------------------------------


def decide(requests: dask.bag.Bag, *, policy: Policy | None = None) -> dask.bag.Bag:
    """
    A bag of decisions (JSON), one per decision request in *requests*, in the same order.

    *policy* travels to the workers pickled; by default each partition uses
    :func:`~personal_touch.default_policy`.
    """
    return requests.map_partitions(_decide_partition, policy)


def scan(
    records: dask.bag.Bag,
    *,
    at: dt.datetime,
    within: dt.timedelta,
    events: Iterable[Event] = (),
    options: MomentOptions | None = None,
) -> dask.bag.Bag:
    """
    A bag of the moments (JSON) of the contacts in *records*, contact by contact.
    """
    now = in_range(at, "at")
    keywords = {"at": now, "within": within, "events": tuple(events), "options": options}
    return records.map_partitions(_scan_partition, keywords)


def plan(
    records: dask.bag.Bag,
    *,
    at: dt.datetime,
    within: dt.timedelta,
    events: Iterable[Event] = (),
    options: MomentOptions | None = None,
    policy: Policy | None = None,
    min_gap: dt.timedelta = dt.timedelta(days=2),
) -> dask.bag.Bag:
    """
    A bag of plans (JSON), one per contact record: see :func:`plan_records`.
    """
    now = in_range(at, "at")
    keywords = {
        "at": now,
        "within": within,
        "events": tuple(events),
        "options": options,
        "policy": policy,
        "min_gap": min_gap,
    }
    return records.map_partitions(_plan_partition, keywords)


def _decide_partition(rows: Iterable[Mapping[str, Any]], policy: Policy | None) -> list[Any]:
    return list(decide_records(rows, policy=policy))


def _scan_partition(rows: Iterable[Mapping[str, Any]], options: dict[str, Any]) -> list[Any]:
    return list(scan_records(rows, **options))


def _plan_partition(rows: Iterable[Mapping[str, Any]], options: dict[str, Any]) -> list[Any]:
    return list(plan_records(rows, **options))


# -- structuring ------------------------------------------------------------------------------


def _contact_of(row: Mapping[str, Any]) -> Any:
    return row["contact"] if isinstance(row, Mapping) and "contact" in row else row


def _structure(converter: Converter, data: Any, cls: Any, n: int, key: str = "") -> Any:
    """*data* as *cls*; problems re-rooted at the row's position (``$[n].key...``)."""
    try:
        return converter.structure(data, cls)
    except InvalidInputError as exc:
        errors = list(exc.errors)
    root = f"$[{n}]" + (f".{key}" if key else "")
    moved = []
    for e in errors:
        problem, sep, path = e.rpartition(" @ $")
        moved.append(f"{problem} @ {root}{path}" if sep else f"{e} @ {root}")
    raise InvalidInputError(moved, what="records")


def _record(
    converter: Converter, row: Mapping[str, Any], n: int
) -> tuple[Contact, ConsentLedger, tuple[Interaction, ...]]:
    """A contact record's contact, ledger and history."""
    if not isinstance(row, Mapping) or "contact" not in row:
        raise InvalidInputError([f"a contact record needs a 'contact' @ $[{n}]"], what="records")
    contact: Contact = _structure(converter, row["contact"], Contact, n, "contact")
    grants = _structure(converter, row.get("consents", []), tuple[ConsentGrant, ...], n, "consents")
    history = _structure(converter, row.get("history", []), tuple[Interaction, ...], n, "history")
    own = tuple(g for g in grants if g.contact_id == contact.id)
    return contact, ConsentLedger(contact.id, own), history
