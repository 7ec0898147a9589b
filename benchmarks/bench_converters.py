"""
JSON round-trips of synthetic contacts and consent-ledger queries, against named peers.

Every comparison interleaves the engines in rounds (``_timing.interleave``), each round on
inputs prepared afresh before the clock starts, with the same garbage-collector setting for
both sides; ratios are medians of per-round ratios.

* ``structure contacts`` (batch): :func:`personal_touch.converters.structure_many` against a
  plain ``cattrs.Converter(detailed_validation=False)`` on the same classes (given only the
  hooks it needs to work at all, the library's own for fact values), called per record.  ``structure_many`` pauses the garbage
  collector while it runs, so the peer's loop runs with it paused too.
* ``structure contacts, per call``: ``make_converter().structure`` per record, GC on for both.
* ``unstructure contacts`` (batch, GC paused for both) and ``per call`` (GC on for both): the
  same for the way out.
* ``ledger is_granted, cold``: distinct ledgers freshly structured, five questions each (what a
  batch asks of each contact), against a naive loop over each contact's grant rows with their
  timestamps parsed once beforehand; answers checked equal.
* ``ledger is_granted, WARM``: one ledger asked 100 questions again and again (labelled).
"""

from __future__ import annotations

import datetime as dt
import json
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from typing import Any

import cattrs
import pendulum

import personal_touch as pt
from _timing import interleave
from personal_touch import converters
from personal_touch._facts import FactValue
from personal_touch.testing import synthetic_contacts
from personal_touch.values import FrozenMap


def plain_cattrs() -> cattrs.Converter:
    """The peer: plain cattrs, only the hooks it needs for these classes and JSON output."""
    conv = cattrs.Converter(
        detailed_validation=False, unstruct_collection_overrides={AbstractSet: list}
    )
    conv.register_structure_hook(pendulum.DateTime, lambda v, _: dt.datetime.fromisoformat(v))
    conv.register_unstructure_hook(pendulum.DateTime, lambda v: v.isoformat())
    conv.register_structure_hook(dt.date, lambda v, _: dt.date.fromisoformat(v))
    conv.register_unstructure_hook(dt.date, lambda v: v.isoformat())
    conv.register_structure_hook(dt.time, lambda v, _: dt.time.fromisoformat(v))
    conv.register_unstructure_hook(dt.time, lambda v: v.isoformat())
    conv.register_structure_hook(pt.Jurisdiction, lambda v, _: pt.Jurisdiction.parse(v))
    conv.register_unstructure_hook(pt.Jurisdiction, str)

    def is_fact_value(t: Any) -> bool:
        return t == FactValue or dt.datetime in typing.get_args(t)

    # Fact values are a tagged union only the library knows; the peer uses its hooks for them.
    conv.register_structure_hook_func(is_fact_value, converters.structure_fact_value)
    conv.register_unstructure_hook_func(is_fact_value, converters.unstructure_fact_value)
    conv.register_structure_hook_func(
        lambda t: typing.get_origin(t) is FrozenMap, lambda v, _: FrozenMap(v)
    )
    conv.register_unstructure_hook_func(lambda t: typing.get_origin(t) is FrozenMap, dict)
    return conv


Prepare = Callable[[], Callable[[], object]]


def benchmarks(*, quick: bool) -> Iterator[dict[str, object]]:
    """Yield the converter and ledger benchmark records."""
    n = 2_000 if quick else 50_000
    rounds = 7 if quick else 11
    contacts = list(synthetic_contacts(n, seed=2))
    ours = converters.make_converter()
    peer = plain_cattrs()
    ours_text = json.dumps(converters.unstructure_many(contacts, pt.Contact))
    peer_text = json.dumps([peer.unstructure(c) for c in contacts])
    assert converters.structure_many(json.loads(ours_text), pt.Contact) == contacts
    assert [peer.structure(d, pt.Contact) for d in json.loads(peer_text)] == contacts

    def docs(text: str, make: Callable[[list[Any]], object]) -> Prepare:
        def prepare() -> Callable[[], object]:
            fresh = json.loads(text)
            return lambda: make(fresh)

        return prepare

    def objects(make: Callable[[list[pt.Contact]], object]) -> Prepare:
        def prepare() -> Callable[[], object]:
            fresh = converters.structure_many(json.loads(ours_text), pt.Contact)
            return lambda: make(fresh)

        return prepare

    lines: list[tuple[str, Prepare, Prepare, bool, str]] = [
        (
            "structure contacts, batch (GC paused for both)",
            docs(ours_text, lambda d: converters.structure_many(d, pt.Contact)),
            docs(peer_text, lambda d: [peer.structure(x, pt.Contact) for x in d]),
            False,
            "cattrs.Converter(detailed_validation=False), per record, GC paused",
        ),
        (
            "structure contacts, per call (GC on for both)",
            docs(ours_text, lambda d: [ours.structure(x, pt.Contact) for x in d]),
            docs(peer_text, lambda d: [peer.structure(x, pt.Contact) for x in d]),
            True,
            "cattrs.Converter(detailed_validation=False), per record, GC on",
        ),
        (
            "unstructure contacts, batch (GC paused for both)",
            objects(lambda cs: converters.unstructure_many(cs, pt.Contact)),
            objects(lambda cs: [peer.unstructure(c) for c in cs]),
            False,
            "cattrs.Converter(detailed_validation=False), per record, GC paused",
        ),
        (
            "unstructure contacts, per call (GC on for both)",
            objects(lambda cs: [ours.unstructure(c) for c in cs]),
            objects(lambda cs: [peer.unstructure(c) for c in cs]),
            True,
            "cattrs.Converter(detailed_validation=False), per record, GC on",
        ),
    ]
    for name, ours_fn, peer_fn, gc_enabled, label in lines:
        timed = interleave({"ours": ours_fn, "peer": peer_fn}, rounds=rounds, gc_enabled=gc_enabled)
        if name.startswith("structure"):
            assert timed.results["ours"] == timed.results["peer"] == contacts
        else:  # different JSON shapes, each read back by its own side
            assert converters.structure_many(timed.results["ours"], pt.Contact) == contacts
            assert [peer.structure(d, pt.Contact) for d in timed.results["peer"]] == contacts
        yield {"name": name, "peer": label, **timed.record("ours", "peer", n), "records": n}
    yield from _ledger_records(quick=quick)


PURPOSES = ["marketing", "marketing.sms", "personalization.profile", "data.sale", "survey"]
QUERIES: list[tuple[str, pt.Channel | None]] = [
    ("marketing", pt.Channel.EMAIL),
    ("marketing.sms", pt.Channel.SMS),
    ("personalization.profile", None),
    ("data.sale", None),
    ("fundraising", pt.Channel.POST),
]
AT = pendulum.datetime(2026, 11, 25, 9, tz="UTC")


def _grants(contact_id: str, seed: int) -> Iterable[pt.ConsentGrant]:
    for i in range(20):
        k = (i + seed) % 20
        start = AT.subtract(days=400 - k * 10 - seed % 7)
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


def _rows(ledger_doc: Mapping[str, Any]) -> list[tuple[str, frozenset[str], float, float, bool]]:
    """A contact's grant rows with their timestamps parsed once (what an app would load)."""

    def ts(value: str | None) -> float:
        return float("inf") if value is None else dt.datetime.fromisoformat(value).timestamp()

    rows = []
    for row in ledger_doc["entries"]:
        end = min(ts(row.get("withdrawn_at")), ts(row.get("expires_at")))
        unconfirmed = bool(row.get("requires_confirmation")) and row.get("confirmed_at") is None
        rows.append(
            (
                row["purpose"],
                frozenset(row.get("channels", ())),
                ts(row["granted_at"]),
                end,
                unconfirmed,
            )
        )
    return rows


def naive_is_granted(
    rows: list[tuple[str, frozenset[str], float, float, bool]],
    purpose: str,
    channel: pt.Channel | None,
    at: float,
) -> bool:
    """A loop over pre-parsed rows: covering purpose and channel, in force, confirmed."""
    for own, chans, start, end, unconfirmed in rows:
        if not (purpose == own or purpose.startswith(own + ".")):
            continue
        if channel is not None and chans and channel.value not in chans:
            continue
        if start <= at < end and not unconfirmed:
            return True
    return False


def _ledger_records(*, quick: bool) -> Iterator[dict[str, object]]:
    n = 1_000 if quick else 20_000
    rounds = 5 if quick else 9
    ledger_docs = [
        converters.unstructure(pt.ConsentLedger.from_grants(f"c{i}", _grants(f"c{i}", i)))
        for i in range(n)
    ]
    text = json.dumps(ledger_docs)
    at_s = AT.timestamp()

    def ours() -> Callable[[], object]:
        ledgers = [converters.structure(d, pt.ConsentLedger) for d in json.loads(text)]
        return lambda: [led.is_granted(p, c, at=AT) for led in ledgers for p, c in QUERIES]

    def naive() -> Callable[[], object]:
        all_rows = [_rows(d) for d in json.loads(text)]
        return lambda: [naive_is_granted(r, p, c, at_s) for r in all_rows for p, c in QUERIES]

    timed = interleave({"ours": ours, "peer": naive}, rounds=rounds)
    assert timed.results["ours"] == timed.results["peer"]
    yield {
        "name": "ledger is_granted, cold: distinct ledgers, 5 questions each",
        "peer": "naive loop over pre-parsed grant rows",
        **timed.record("ours", "peer", n * len(QUERIES)),
        "ledgers": n,
        "grants": 20,
    }

    calls = 20 if quick else 100
    ledger = converters.structure(ledger_docs[0], pt.ConsentLedger)
    rows = _rows(ledger_docs[0])
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
    yield {
        "name": "ledger is_granted, WARM: one ledger asked again and again",
        "peer": "naive loop over pre-parsed grant rows",
        **timed.record("ours", "peer", calls * len(queries)),
        "grants": 20,
    }
