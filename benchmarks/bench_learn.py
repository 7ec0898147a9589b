"""
Learning from behaviour, against a plain dictionary-update loop doing the same bookkeeping.

Every comparison interleaves the engines in rounds (``_timing.interleave``), GC on for both;
ratios are medians of per-round ratios (above 1: we are faster).  Each engine gets the same
stream of distinct signals of one contact (views, searches, carts, purchases, returns,
clicks over 40 categories and 60 days, in time order), as a list of
:class:`personal_touch.Signal`:

* ``learn stream, ids``: every signal has its event id (as webhooks and event buses give).
  Ours: :func:`personal_touch.learn` (the contact with interest, purchase and return facts,
  explanations, skip report).  Peer: one loop over the signals with a dict per category:
  window check, dedupe by id, counts by kind, first and last seen, per-kind scores decayed
  to the last signal, and the strength of each category at the end; no facts, no
  explanations.
* ``learn stream, no ids``: the same signals without ids; ours dedupes by a digest of each
  signal's fields, the peer by the tuple of its fields.
* ``learn stream in batches of 50``: the stream fed 50 signals at a time, each call on the
  contact the previous one returned (facts remember which signals they counted); the peer
  keeps its dicts between batches.

The issue's floor: at least 0.5x of the peer.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pendulum

import personal_touch as pt
from _timing import interleave
from personal_touch.listening import default_learning

AT = pendulum.datetime(2026, 11, 30, 15, tz="UTC")
#: The epoch in the signals' own UTC zone object, and the stdlib subtraction.
EPOCH = pendulum.datetime(1970, 1, 1, tz="UTC")
_SUB = dt.datetime.__sub__
KINDS = (
    "viewed",
    "viewed",
    "viewed",
    "searched",
    "added_to_cart",
    "purchased",
    "clicked",
    "returned",
)
CATEGORIES = [f"shop.dept_{d}.aisle_{a}" for d in range(8) for a in range(5)]


def stream(n: int, *, ids: bool = True) -> list[pt.Signal]:
    """*n* distinct signals of ``c-1`` over the 60 days before :data:`AT`, in time order."""
    step = 60 * 86400 / n
    start = AT.subtract(days=60)
    return [
        pt.Signal(
            contact_id="c-1",
            kind=KINDS[(i * 7) % len(KINDS)],
            at=start.add(seconds=int(i * step) + 1),
            category=CATEGORIES[(i * 13) % len(CATEGORIES)],
            source="web",
            id=f"evt-{i}" if ids else None,
        )
        for i in range(n)
    ]


def peer_state() -> dict[str, Any]:
    """The peer's state: dicts per category and the keys seen."""
    return {"categories": {}, "seen": set()}


def peer(signals: list[pt.Signal], state: dict[str, Any]) -> dict[str, float]:
    """
    The same bookkeeping in plain dicts: counts, first/last seen, decayed scores.

    Its fastest plain form: instants as epoch seconds by subtracting an epoch in the
    signals' own UTC zone object (no offset look-ups), and each kind's score summed once,
    discounted to the instant of the run, then brought back to the category's last signal
    at the end (the same exact sums ``learn`` keeps).
    """
    rules = default_learning()
    weights, half = rules.weights, {k: v * 86400.0 for k, v in rules.half_lives.items()}
    now = _SUB(AT, EPOCH).total_seconds()
    horizon = now - rules.window_days * 86400.0
    categories, seen = state["categories"], state["seen"]
    for s in signals:
        t = _SUB(s.at, EPOCH).total_seconds()
        if t > now or t < horizon or s.category is None:
            continue
        key = s.id if s.id is not None else (s.kind, t, s.subject, s.category, s.value, s.source)
        if key in seen:
            continue
        seen.add(key)
        kind = s.kind.value
        w = weights.get(kind)
        if w is None:
            continue
        d = categories.get(s.category)
        if d is None:
            d = categories[s.category] = {"scores": {}, "counts": {}, "first": t, "last": t}
        scores = d["scores"]
        scores[kind] = scores.get(kind, 0.0) + w * 0.5 ** ((now - t) / half[kind])
        d["counts"][kind] = d["counts"].get(kind, 0) + 1
        d["last"] = max(d["last"], t)
        d["first"] = min(d["first"], t)
    return {
        c: 1.0
        - math.exp(
            -max(
                0.0,
                sum(v * 2.0 ** ((now - d["last"]) / half[k]) for k, v in d["scores"].items()),
            )
        )
        for c, d in categories.items()
    }


def ours_whole(signals: list[pt.Signal]) -> Callable[[], object]:
    contact = pt.Contact(id="c-1", created_at=AT.subtract(years=1))
    return lambda: pt.learn(contact, signals, at=AT)


def ours_batches(signals: list[pt.Signal], size: int) -> Callable[[], object]:
    start = pt.Contact(id="c-1", created_at=AT.subtract(years=1))
    batches = [signals[i : i + size] for i in range(0, len(signals), size)]

    def run() -> object:
        contact = start
        for batch in batches:
            contact = pt.learn(contact, batch, at=AT).contact
        return contact

    return run


def peer_batches(signals: list[pt.Signal], size: int) -> Callable[[], object]:
    batches = [signals[i : i + size] for i in range(0, len(signals), size)]

    def run() -> object:
        state = peer_state()
        out: dict[str, float] = {}
        for batch in batches:
            out = peer(batch, state)
        return out

    return run


def _check(signals: list[pt.Signal]) -> None:
    """Both sides agree on the strengths (the bookkeeping really is the same)."""
    learned = pt.learn(pt.Contact(id="c-1", created_at=AT.subtract(years=1)), signals, at=AT)
    theirs = peer(signals, peer_state())
    for category, strength in theirs.items():
        fact = learned.contact.fact("interests." + category)
        stored = None if fact is None else fact.value["strength"]  # type: ignore[index, call-overload]
        assert stored is None or math.isclose(stored, strength, rel_tol=1e-9), category


def _record(
    name: str,
    ours: Callable[[], Callable[[], object]],
    theirs: Callable[[], Callable[[], object]],
    n: int,
    rounds: int,
) -> dict[str, object]:
    timed = interleave({"ours": ours, "peer": theirs}, rounds=rounds)
    return {
        "name": name,
        "peer": "dict-update loop",
        "signals": n,
        **timed.record("ours", "peer", n),
    }


def benchmarks(*, quick: bool) -> Iterator[dict[str, object]]:
    """Yield the learning records."""
    n = 2000 if quick else 20000
    rounds = 7 if quick else 11
    with_ids = stream(n)
    _check(with_ids)
    yield _record(
        "learn stream, ids",
        lambda: ours_whole(with_ids),
        lambda: lambda: peer(with_ids, peer_state()),
        n,
        rounds,
    )
    without = [attrs.evolve(s, id=None) for s in with_ids]
    yield _record(
        "learn stream, no ids",
        lambda: ours_whole(without),
        lambda: lambda: peer(without, peer_state()),
        n,
        rounds,
    )
    yield _record(
        "learn stream in batches of 50",
        lambda: ours_batches(with_ids, 50),
        lambda: peer_batches(with_ids, 50),
        n,
        rounds,
    )
