"""
JSON round-trips of synthetic contacts, against named peers.

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

The consent-ledger questions are in ``bench_ledger.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import typing
from collections.abc import Callable, Iterator
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
