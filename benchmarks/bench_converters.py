"""
JSON round-trips of synthetic contacts and consent-ledger queries, against named peers.

* ``structure contacts``: :func:`personal_touch.converters.structure_many` (the fast path of
  ``make_converter()``, GC paused) against a plain ``cattrs.Converter(detailed_validation=False)``
  on the same classes (given only the hooks it needs to work at all), called per record with
  the GC on, as users run it.
* ``structure contacts, per call``: ``make_converter().structure`` per record, GC on for both.
* ``unstructure contacts`` (and ``per call``): the same for the way out.
* ``ledger is_granted``: :meth:`ConsentLedger.is_granted` against a naive loop over a list of
  grant dicts with ISO strings (what an app without a ledger would write).
"""

from __future__ import annotations

import datetime as dt
import gc
import typing
from collections.abc import Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from typing import Any

import cattrs
import pendulum

import personal_touch as pt
from _timing import measure
from personal_touch import converters
from personal_touch._facts import FactValue
from personal_touch.testing import synthetic_contacts


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

    conv.register_structure_hook_func(is_fact_value, lambda v, _: v)
    conv.register_unstructure_hook_func(is_fact_value, _plain_value)
    conv.register_structure_hook_func(
        lambda t: typing.get_origin(t) is pt.FrozenMap, lambda v, _: pt.FrozenMap(v)
    )
    conv.register_unstructure_hook_func(lambda t: typing.get_origin(t) is pt.FrozenMap, dict)
    return conv


def _plain_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain_value(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _plain_value(v) for k, v in value.items()}
    return value


def _gc_on() -> None:
    gc.enable()


def benchmarks(*, quick: bool) -> Iterator[dict[str, object]]:
    """Yield the converter and ledger benchmark records."""
    _gc_on()
    n = 10_000 if quick else 100_000
    repeat = 2 if quick else 3
    contacts = list(synthetic_contacts(n, seed=2))
    ours = converters.make_converter()
    peer = plain_cattrs()
    docs = converters.unstructure_many(contacts, pt.Contact)
    peer_docs = [peer.unstructure(c) for c in contacts]
    assert converters.structure_many(docs, pt.Contact) == contacts

    def ours_structure() -> object:
        return converters.structure_many(docs, pt.Contact)

    def ours_structure_each() -> object:
        return [ours.structure(d, pt.Contact) for d in docs]

    def peer_structure() -> object:
        return [peer.structure(d, pt.Contact) for d in peer_docs]

    def ours_unstructure() -> object:
        return converters.unstructure_many(contacts, pt.Contact)

    def ours_unstructure_each() -> object:
        return [ours.unstructure(c) for c in contacts]

    def peer_unstructure() -> object:
        return [peer.unstructure(c) for c in contacts]

    peer_s = measure(peer_structure, number=1, repeat=repeat) * n
    peer_u = measure(peer_unstructure, number=1, repeat=repeat) * n
    lines = [
        ("structure contacts", ours_structure, peer_s),
        ("structure contacts, per call", ours_structure_each, peer_s),
        ("unstructure contacts", ours_unstructure, peer_u),
        ("unstructure contacts, per call", ours_unstructure_each, peer_u),
    ]
    for name, fn, peer_ops in lines:
        ops = measure(fn, number=1, repeat=repeat) * n
        yield {
            "name": name,
            "ops_per_s": ops,
            "peer": "cattrs.Converter(detailed_validation=False), per call, GC on",
            "peer_ops_per_s": peer_ops,
            "ratio": ops / peer_ops,
            "records": n,
        }
    yield _ledger_record(quick=quick)


def _grants(contact_id: str, at: pendulum.DateTime) -> Iterable[pt.ConsentGrant]:
    purposes = ["marketing", "marketing.sms", "personalization.profile", "data.sale", "survey"]
    for i in range(20):
        start = at.subtract(days=400 - i * 10)
        yield pt.ConsentGrant(
            id=f"g{i}",
            contact_id=contact_id,
            purpose=purposes[i % len(purposes)],
            channels=[pt.Channel.EMAIL] if i % 2 and i % 5 != 1 else [],
            granted_at=start,
            expires_at=start.add(days=365) if i % 3 == 0 else None,
            withdrawn_at=start.add(days=30) if i % 4 == 1 else None,
            requires_confirmation=i % 5 == 2,
            confirmed_at=start.add(hours=1) if i % 5 == 2 and i % 2 else None,
        )


def _ledger_record(*, quick: bool) -> dict[str, object]:
    at = pendulum.datetime(2026, 11, 25, 9, tz="UTC")
    ledger = pt.ConsentLedger.from_grants("c-1", _grants("c-1", at))
    rows = converters.unstructure(ledger)["entries"]
    queries = [
        ("marketing", pt.Channel.EMAIL),
        ("marketing.sms", pt.Channel.SMS),
        ("personalization.profile", None),
        ("data.sale", None),
        ("fundraising", pt.Channel.POST),
    ] * 20

    def ours() -> object:
        return [ledger.is_granted(p, c, at=at) for p, c in queries]

    def naive() -> object:
        now = at.isoformat()
        out = []
        for purpose, channel in queries:
            ok = False
            for row in rows:
                own = row["purpose"]
                if not (purpose == own or purpose.startswith(own + ".")):
                    continue
                chans = row.get("channels", [])
                if channel is not None and chans and channel.value not in chans:
                    continue
                start = pendulum.parse(row["granted_at"])
                end = row.get("withdrawn_at") or row.get("expires_at")
                if start.isoformat() <= now and (
                    end is None or now < pendulum.parse(end).isoformat()
                ):
                    ok = True
                    break
            out.append(ok)
        return out

    assert ours() is not None
    min_time = 0.1 if quick else 0.5
    ops = measure(ours, min_time=min_time) * len(queries)
    peer_ops = measure(naive, min_time=min_time) * len(queries)
    return {
        "name": "ledger is_granted",
        "ops_per_s": ops,
        "peer": "naive loop over a list of grant dicts",
        "peer_ops_per_s": peer_ops,
        "ratio": ops / peer_ops,
        "grants": len(rows),
    }
