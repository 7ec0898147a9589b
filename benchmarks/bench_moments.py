"""
Moment scanning per contact, against plain standard-library loops over the same contacts.

The workload: ``scan_moments`` over 1,000,000 synthetic contacts (200,000 with ``--quick``)
for the next 14 days, streamed from an iterator that cycles through a pool of distinct
synthetic contacts built beforehand (so contact construction is not timed).

* ``scan_moments`` vs ``stdlib next-birthday loop`` (the floor): for each contact, convert
  the instant to the contact's zone with :mod:`zoneinfo` (``ZoneInfo`` objects cached) and
  compute the next birthday: only a fraction of the work (no facts, windows, events, bad
  data, moment values).  Target: a ratio of at least 0.5; goal: 1.
* ``scan_moments`` vs ``per-zone next-birthday loop``: the same floor computing each zone's
  local date once, the trick the scan itself uses; the ceiling for pure Python.

Memory: the scan runs again under :mod:`tracemalloc` over one pass through the pool and over
all the contacts; both peaks are reported (``peak_kib_one_pass``, ``peak_kib``) to show that
the scan's memory does not grow with the number of contacts (its caches are bounded by time
zones times days in the horizon).
"""

from __future__ import annotations

import datetime as dt
import itertools
import time
import tracemalloc
import zoneinfo
from collections.abc import Iterable, Iterator

import pendulum

import personal_touch as pt
from personal_touch.testing import synthetic_contacts

AT = pendulum.datetime(2026, 11, 30, 9, tz="UTC")
WITHIN = pendulum.duration(days=14)


def stream(pool: list[pt.Contact], n: int) -> Iterator[pt.Contact]:
    """*n* contacts cycling through *pool*."""
    return itertools.islice(itertools.cycle(pool), n)


def scan(contacts: Iterable[pt.Contact]) -> int:
    found = 0
    for _ in pt.scan_moments(contacts, at=AT, within=WITHIN):
        found += 1
    return found


def floor(contacts: Iterable[pt.Contact]) -> int:
    """Next birthdays within 14 days, converting the instant per contact (stdlib only)."""
    at = dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC)
    zones: dict[str, zoneinfo.ZoneInfo] = {}
    found = 0
    for c in contacts:
        tz = zones.get(c.timezone)
        if tz is None:
            tz = zones[c.timezone] = zoneinfo.ZoneInfo(c.timezone)
        today = at.astimezone(tz).date()
        born = c.birth_date
        if born is None:
            continue
        try:
            nxt = born.replace(year=today.year)
        except ValueError:  # February 29
            nxt = dt.date(today.year, 2, 28)
        if nxt < today:
            try:
                nxt = born.replace(year=today.year + 1)
            except ValueError:
                nxt = dt.date(today.year + 1, 2, 28)
        if (nxt - today).days < 14:
            found += 1
    return found


def per_zone_floor(contacts: Iterable[pt.Contact]) -> int:
    """The same, with each zone's local date computed once."""
    at = dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC)
    todays: dict[str, dt.date] = {}
    found = 0
    for c in contacts:
        today = todays.get(c.timezone)
        if today is None:
            today = todays[c.timezone] = at.astimezone(zoneinfo.ZoneInfo(c.timezone)).date()
        born = c.birth_date
        if born is None:
            continue
        try:
            nxt = born.replace(year=today.year)
        except ValueError:
            nxt = dt.date(today.year, 2, 28)
        if nxt < today:
            try:
                nxt = born.replace(year=today.year + 1)
            except ValueError:
                nxt = dt.date(today.year + 1, 2, 28)
        if (nxt - today).days < 14:
            found += 1
    return found


def rate(fn: object, pool: list[pt.Contact], n: int, repeat: int) -> tuple[float, int]:
    """Best contacts per second over *repeat* runs, and the function's result."""
    best = float("inf")
    result = 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn(stream(pool, n))  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return n / best, result


def peak_kib(pool: list[pt.Contact], n: int) -> float:
    tracemalloc.start()
    try:
        scan(stream(pool, n))
        return tracemalloc.get_traced_memory()[1] / 1024
    finally:
        tracemalloc.stop()


def benchmarks(*, quick: bool) -> Iterator[dict[str, object]]:
    n = 200_000 if quick else 1_000_000
    pool = list(synthetic_contacts(50_000 if quick else 100_000, seed=2026))
    repeat = 2 if quick else 3
    ops, moments = rate(scan, pool, n, repeat)
    floor_ops, _ = rate(floor, pool, n, repeat)
    zone_ops, _ = rate(per_zone_floor, pool, n, repeat)
    memory = {
        "peak_kib_one_pass": round(peak_kib(pool, len(pool)), 1),
        "peak_kib": round(peak_kib(pool, n), 1),
    }
    common = {"contacts": n, "pool": len(pool), "moments": moments, **memory}
    yield {
        "name": "scan_moments 14d per contact",
        "ops_per_s": ops,
        "peer": "stdlib next-birthday loop",
        "peer_ops_per_s": floor_ops,
        **common,
    }
    yield {
        "name": "scan_moments 14d vs per-zone floor",
        "ops_per_s": ops,
        "peer": "per-zone next-birthday loop",
        "peer_ops_per_s": zone_ops,
        **common,
    }
