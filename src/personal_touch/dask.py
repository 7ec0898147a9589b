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

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

# The real dask is imported here first; a missing extra raises an ImportError naming it.
from ._dask._io import DEFAULT_BLOCKSIZE as DEFAULT_BLOCKSIZE  # noqa: PLC0414 - not in __all__
from ._dask._io import client, map_in_order, read_json_lines, read_parquet
from ._dask._records import decide_records, plan_records, scan_records
from ._time import in_range

if TYPE_CHECKING:
    import dask.bag

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
