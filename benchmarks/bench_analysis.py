"""
Reading an experiment's results, against a plain counting loop doing the same counting.

The engines interleave in rounds (``_timing.interleave``), GC on for both; ratios are medians
of per-round ratios (above 1: we are faster).  Each engine gets the same exposures (three
arms, one message each, the earliest of a repeated exposure counted) and the same
:class:`personal_touch.Interaction` records (opens, clicks, replies, conversions,
unsubscribes, complaints, "felt intrusive", some outside the 7-day window, some of kinds that
are not outcomes, some of other messages):

* ``analyse 1M exposures`` (``--quick``: 50,000): ours is the whole reading: ``tally`` (the
  join within the window, once per exposure), ``analyse`` of conversions against control
  (Wilson intervals, Newcombe differences, exact chance to beat control, the sample-ratio
  check) and ``check_guardrails`` on unsubscribes, complaints and "felt intrusive".  The peer
  is one loop over each input with dicts: the earliest exposure per person and message, a
  bitmask of outcomes per exposure within the window, and counts per arm; no statistics.

The issue's floor: at least 0.5x of the peer (under twice its time).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator

import attrs
import pendulum

import personal_touch as pt
from _timing import interleave
from personal_touch._experiments._analysis import analyse
from personal_touch._experiments._guardrails import Guardrail, check_guardrails
from personal_touch._experiments._outcomes import OUTCOMES, tally

T0 = pendulum.datetime(2026, 11, 2, 9, tz="UTC")
WINDOW = pendulum.duration(days=7)
ARMS = ("control", "contextual", "personal")
WEIGHTS = {"control": 1.0, "contextual": 1.0, "personal": 1.0}
#: Per exposure: the chance of each kind (sent and delivered are not outcomes).
CHANCES = (
    ("delivered", 0.9),
    ("opened", 0.35),
    ("clicked", 0.12),
    ("replied", 0.02),
    ("converted", 0.05),
    ("unsubscribed", 0.006),
    ("complained", 0.001),
    ("felt_intrusive", 0.003),
)
RAILS = (
    Guardrail(metric="unsubscribed", max_rate=0.02, min_sample=500),
    Guardrail(metric="complained", max_rate=0.003, min_sample=1_000),
    Guardrail(metric="felt_intrusive", max_rate=0.01, min_sample=500),
)


@attrs.frozen
class Exposure:
    """The exposure shape the analysis reads."""

    experiment_key: str
    variant_key: str
    contact_id: str
    message_id: str
    at: dt.datetime


def inputs(n: int, seed: int = 1) -> tuple[list[Exposure], list[pt.Interaction]]:
    """*n* exposures over 3 arms and their interactions, shuffled (seeded)."""
    rng = random.Random(seed)
    instants = [T0.add(minutes=m) for m in range(0, 60 * 24 * 20, 7)]
    later = [pendulum.duration(hours=h) for h in range(24 * 9)]  # some past the window
    exposures, interactions = [], []
    for i in range(n):
        contact, at = f"c{i % (n - n // 50)}", instants[i % len(instants)]
        exposures.append(Exposure("exp", ARMS[i % 3], contact, "m-1", at))
        for kind, chance in CHANCES:
            if rng.random() < chance:
                message = "m-1" if rng.random() < 0.95 else "m-2"
                when = at + later[rng.randrange(len(later))]
                interactions.append(
                    pt.Interaction(contact_id=contact, kind=kind, at=when, message_id=message)
                )
    rng.shuffle(interactions)
    return exposures, interactions


def ours(exposures: list[Exposure], interactions: list[pt.Interaction]) -> object:
    counts = tally(exposures, interactions, experiment_key="exp", window=WINDOW)
    result = analyse(counts, outcome="converted", control="control", weights=WEIGHTS)
    return counts, result, check_guardrails(counts, RAILS, control="control")


def peer(exposures: list[Exposure], interactions: list[pt.Interaction]) -> dict[str, list[int]]:
    span = WINDOW.total_seconds()
    stamp = dt.datetime.timestamp
    bits = {kind: 1 << b for b, kind in enumerate(OUTCOMES)}
    first: dict[tuple[str, str], tuple[float, str]] = {}
    for e in exposures:
        if e.experiment_key != "exp":
            continue
        key, seen = (e.contact_id, e.message_id), (stamp(e.at), e.variant_key)
        old = first.get(key)
        if old is None or seen < old:
            first[key] = seen
    hits: dict[tuple[str, str], int] = {}
    for i in interactions:
        bit = bits.get(i.kind)
        if bit is None or i.message_id is None:
            continue
        key = (i.contact_id, i.message_id)
        seen = first.get(key)
        if seen is not None and 0.0 <= stamp(i.at) - seen[0] <= span:
            hits[key] = hits.get(key, 0) | bit
    out: dict[str, list[int]] = {}
    for key, (_, variant) in first.items():
        row = out.get(variant)
        if row is None:
            row = out[variant] = [0] * (len(OUTCOMES) + 1)
        row[0] += 1
        mask = hits.get(key, 0)
        for b in range(len(OUTCOMES)):
            if mask >> b & 1:
                row[b + 1] += 1
    return out


def _check(exposures: list[Exposure], interactions: list[pt.Interaction]) -> None:
    """Both sides count the same (the counting really is the same)."""
    counts = tally(exposures, interactions, experiment_key="exp", window=WINDOW)
    theirs = peer(exposures, interactions)
    for arm in counts.arms:
        assert [arm.exposures, *arm.counts] == theirs[arm.variant_key], arm.variant_key


def benchmarks(*, quick: bool) -> Iterator[dict[str, object]]:
    """Yield the analysis record."""
    n = 50_000 if quick else 1_000_000
    rounds = 5 if quick else 7
    exposures, interactions = inputs(n)
    _check(exposures, interactions)

    def run(fn: Callable[..., object]) -> Callable[[], Callable[[], object]]:
        return lambda: lambda: fn(exposures, interactions)

    timed = interleave({"ours": run(ours), "peer": run(peer)}, rounds=rounds)
    yield {
        "name": f"analyse {n:,} exposures",
        "peer": "plain counting loop",
        "exposures": n,
        "interactions": len(interactions),
        **timed.record("ours", "peer", n),
    }
