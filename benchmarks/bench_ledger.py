"""
Consent-ledger questions (``ConsentLedger.is_granted``) against a naive loop over parsed rows.

The peer is what an application would write by hand: each contact's grant rows loaded once
before the clock starts, their timestamps already parsed to epoch seconds and each grant's
purpose already split from a channel it names, then a loop over the rows per question.  The
instant asked about is parsed once too.  Nothing is re-parsed per question on that side, so
the ratio is the price (or the gain) of asking the library instead.

* ``ledger is_granted, cold`` (the headline): distinct ledgers freshly structured from JSON
  before the clock starts, five questions each (what a batch asks of each contact); whatever
  the ledger prepares on its first question is inside the timing.  A ledger groups its
  grants by purpose when it is made (a dictionary append per grant, well under 1% of
  structuring it), as the peer's rows are parsed before the clock starts; a long question
  is scanned the first time and prepared for bisection only when asked again, inside the
  timing.
* ``ledger is_granted, cold, 200 grants``: the same with long ledgers (many versions, renewals
  and withdrawals over years), where a loop pays for every row.
* ``ledger is_granted, WARM``: one ledger asked 100 questions again and again (labelled: the
  best case of anything a ledger prepares once).

Every comparison interleaves the engines in rounds (``_timing.interleave``), each round on
inputs prepared afresh before the clock starts, with the garbage collector enabled for both;
the answers are checked equal; ratios are medians of per-round ratios.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import pendulum

import personal_touch as pt
from _timing import interleave
from personal_touch import converters

PURPOSES = ["marketing", "marketing.sms", "personalization.profile", "data.sale", "survey"]
QUERIES: list[tuple[str, pt.Channel | None]] = [
    ("marketing", pt.Channel.EMAIL),
    ("marketing.sms", pt.Channel.SMS),
    ("personalization.profile", None),
    ("data.sale", None),
    ("fundraising", pt.Channel.POST),
]
AT = pendulum.datetime(2026, 11, 25, 9, tz="UTC")
_CHANNEL_VALUES = frozenset(c.value for c in pt.Channel)

#: One grant row, parsed: own purpose, channels (empty: all), start, end (epoch seconds).
Row = tuple[str, frozenset[str], float, float]


def _grants(contact_id: str, seed: int, size: int = 20) -> Iterable[pt.ConsentGrant]:
    for i in range(size):
        k = (i + seed) % 20
        step = k if size <= 20 else i  # 20 grants over a year; longer ledgers over years
        start = AT.subtract(days=400 * (size // 20) - step * 10 - seed % 7)
        yield pt.ConsentGrant(
            id=f"g{i}",
            contact_id=contact_id,
            purpose=PURPOSES[(i + seed) % len(PURPOSES)],
            channels=[pt.Channel.EMAIL] if k % 2 and k % 5 != 1 else [],
            granted_at=start,
            expires_at=start.add(days=365) if k % 3 == 0 else None,
            withdrawn_at=start.add(days=30) if k % 4 == 1 else None,
            requires_confirmation=k % 5 == 2,
            confirmed_at=start.add(hours=1) if k % 5 == 2 and k % 2 else None,
        )


def parse_rows(ledger_doc: Mapping[str, Any]) -> list[Row]:
    """A contact's grant rows, parsed once (what an application would load and keep)."""

    def ts(value: str | None) -> float:
        return float("inf") if value is None else dt.datetime.fromisoformat(value).timestamp()

    rows = []
    for row in ledger_doc["entries"]:
        own, channels = row["purpose"], frozenset(row.get("channels", ()))
        head, _, last = own.rpartition(".")
        if head and last in _CHANNEL_VALUES:
            own, channels = head, frozenset({last})
        start = ts(row["granted_at"])
        if row.get("requires_confirmation"):
            start = ts(row.get("confirmed_at") or None)
        end = min(ts(row.get("withdrawn_at")), ts(row.get("expires_at")))
        rows.append((own, channels, start, end))
    return rows


def naive_is_granted(rows: list[Row], purpose: str, channel: pt.Channel | None, at: float) -> bool:
    """A loop over parsed rows: covering purpose and channel, in force at *at*."""
    head, _, last = purpose.rpartition(".")
    if head and last in _CHANNEL_VALUES:
        purpose, channel = head, pt.Channel(last)
    for own, chans, start, end in rows:
        if not (purpose == own or purpose.startswith(own + ".")):
            continue
        if channel is not None and chans and channel.value not in chans:
            continue
        if start <= at < end:
            return True
    return False


Prepare = Callable[[], Callable[[], object]]


def _cold(name: str, n: int, size: int, rounds: int) -> dict[str, object]:
    """One record: *n* ledgers of *size* grants each, five questions each."""
    ledger_docs = [
        converters.unstructure(pt.ConsentLedger.from_grants(f"c{i}", _grants(f"c{i}", i, size)))
        for i in range(n)
    ]
    text = json.dumps(ledger_docs)
    at_s = AT.timestamp()

    def ours() -> Callable[[], object]:
        ledgers = [converters.structure(d, pt.ConsentLedger) for d in json.loads(text)]
        return lambda: [led.is_granted(p, c, at=AT) for led in ledgers for p, c in QUERIES]

    def naive() -> Callable[[], object]:
        all_rows = [parse_rows(d) for d in json.loads(text)]
        return lambda: [naive_is_granted(r, p, c, at_s) for r in all_rows for p, c in QUERIES]

    timed = interleave({"ours": ours, "peer": naive}, rounds=rounds)
    assert timed.results["ours"] == timed.results["peer"]
    return {
        "name": name,
        "peer": "naive loop over grant rows parsed once",
        **timed.record("ours", "peer", n * len(QUERIES)),
        "ledgers": n,
        "grants": size,
    }


def _warm(*, calls: int, rounds: int) -> dict[str, object]:
    doc = converters.unstructure(pt.ConsentLedger.from_grants("c0", _grants("c0", 0)))
    ledger = converters.structure(doc, pt.ConsentLedger)
    rows = parse_rows(doc)
    at_s = AT.timestamp()
    queries = QUERIES * 20

    def warm_ours() -> Callable[[], object]:
        def run() -> object:
            for _ in range(calls):
                out = [ledger.is_granted(p, c, at=AT) for p, c in queries]
            return out

        return run

    def warm_naive() -> Callable[[], object]:
        def run() -> object:
            for _ in range(calls):
                out = [naive_is_granted(rows, p, c, at_s) for p, c in queries]
            return out

        return run

    timed = interleave({"ours": warm_ours, "peer": warm_naive}, rounds=rounds)
    assert timed.results["ours"] == timed.results["peer"]
    return {
        "name": "ledger is_granted, WARM: one ledger asked again and again",
        "peer": "naive loop over grant rows parsed once",
        **timed.record("ours", "peer", calls * len(queries)),
        "grants": 20,
    }


def benchmarks(*, quick: bool) -> Iterator[dict[str, object]]:
    """Yield the ledger benchmark records."""
    rounds = 5 if quick else 9
    n = 1_000 if quick else 20_000
    yield _cold("ledger is_granted, cold: distinct ledgers, 5 questions each", n, 20, rounds)
    yield _cold(
        "ledger is_granted, cold, 200 grants: distinct long ledgers, 5 questions each",
        n // 10,
        200,
        rounds,
    )
    yield _warm(calls=20 if quick else 100, rounds=rounds)
