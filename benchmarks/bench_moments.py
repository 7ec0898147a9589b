"""
Moment scanning per contact, against plain standard-library loops over the same contacts.

The workload: ``scan_moments`` for the next 14 days over 10,000 and 100,000 distinct
synthetic contacts (and 1,000,000 with ``--full``, as ten rounds of 100,000 distinct ones),
built before the clock starts, afresh for every engine and round (no contact is scanned twice).

* vs ``stdlib next-birthday loop`` (the floor): for each contact, convert the instant to the
  contact's zone with :mod:`zoneinfo` (``ZoneInfo`` objects cached) and compute the next
  birthday: only a fraction of the work (no facts, windows, events, bad data, moment values).
* vs ``per-zone next-birthday loop``: the same floor computing each zone's local date once,
  the trick the scan itself uses; the ceiling for pure Python.

Engines run in interleaved rounds with the GC on for all; ratios are medians of per-round
ratios.  ``peak_kib_streamed`` is the scan's peak memory over contacts streamed from the
generator (at most 100,000), to show that its caches do not grow with the contacts (they are
bounded by time zones times days in the horizon).
"""

from __future__ import annotations

import datetime as dt
import itertools
import tracemalloc
import zoneinfo
from collections.abc import Callable, Iterable, Iterator

import pendulum

import personal_touch as pt
from _timing import interleave
from personal_touch.testing import synthetic_contacts

AT = pendulum.datetime(2026, 11, 30, 9, tz="UTC")
WITHIN = pendulum.duration(days=14)
CHUNK = 100_000
Prepare = Callable[[], Callable[[], object]]


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


def peak_kib(n: int, seed: int) -> float:
    """Peak traced memory while scanning *n* contacts streamed from the generator."""
    tracemalloc.start()
    try:
        scan(synthetic_contacts(n, seed=seed))
        return tracemalloc.get_traced_memory()[1] / 1024
    finally:
        tracemalloc.stop()


def _engine(fn: Callable[[list[pt.Contact]], int], chunk: int, seeds: Iterator[int]) -> Prepare:
    def prepare() -> Callable[[], object]:
        contacts = list(synthetic_contacts(chunk, seed=next(seeds)))
        return lambda: fn(contacts)

    return prepare


def benchmarks(*, quick: bool, full: bool = False) -> Iterator[dict[str, object]]:
    """Yield one pair of records per size: 10k, 100k and (with ``--full``) 1M contacts."""
    sizes = [10_000, 100_000, 1_000_000] if full else [10_000, 100_000]
    for n in sizes:
        chunk = min(n, CHUNK)
        chunks = n // chunk
        rounds = max(chunks, 3 if quick else 5)
        # Every engine sees the same chunks in the same order: round r uses chunk r % chunks.
        engines = {
            name: _engine(fn, chunk, itertools.cycle(range(1000, 1000 + chunks)))
            for name, fn in (("scan", scan), ("floor", floor), ("zone", per_zone_floor))
        }
        timed = interleave(engines, rounds=rounds)
        common = {
            "contacts": n,
            "chunk": chunk,
            "moments_last_chunk": timed.results["scan"],
            "peak_kib_streamed": round(peak_kib(n if n <= CHUNK else CHUNK, 7), 1),
        }
        yield {
            "name": f"scan_moments 14d, {n:,} distinct contacts, vs stdlib floor",
            "peer": "stdlib next-birthday loop",
            **timed.record("scan", "floor", chunk),
            **common,
        }
        yield {
            "name": f"scan_moments 14d, {n:,} distinct contacts, vs per-zone floor",
            "peer": "per-zone next-birthday loop",
            **timed.record("scan", "zone", chunk),
            **common,
        }
