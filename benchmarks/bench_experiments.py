"""
Experiment assignment, against GrowthBook's own Python SDK (``growthbook``) on the same inputs.

Assignment is hash + bucket ranges + choosing the variation, for distinct unit ids (random
UUIDs, as apps key people), three variations weighted 0.5/0.25/0.25, coverage 0.9, seeded by
the experiment key; hash versions 1 and 2.  Both engines run in interleaved rounds with the
garbage collector on (``_timing.interleave``), and the variations they give are checked equal
before timing.

* ``experiments assign vN, bulk``: ours :func:`personal_touch.experiments.assign_variations`
  (one call for all units: FNV-1a in lockstep over big-int lanes).  Peer: GrowthBook's fastest
  public path, ``growthbook.core.getBucketRanges`` once, then ``gbhash`` and
  ``chooseVariation`` per unit (GrowthBook has no bulk call).
* ``experiments assign vN, one at a time``: ours
  :func:`personal_touch.experiments.assign_variation` per unit (bucket ranges each call).
  Peer: ``gbhash``, ``getBucketRanges`` and ``chooseVariation`` per unit, as
  ``GrowthBook.run`` computes them.

The issue's target: at least 2x GrowthBook's SDK.  Skipped when ``growthbook`` (the ``bench``
extra) is not installed.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterator

from _timing import interleave
from personal_touch import experiments

KEY = "welcome-email-2026"
WEIGHTS = (0.5, 0.25, 0.25)
COVERAGE = 0.9


def unit_ids(count: int, *, seed: int = 13) -> list[str]:
    """*count* distinct random UUIDs (seeded), as text."""
    rng = random.Random(seed)
    return [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(count)]


def ours_bulk(version: int) -> Callable[[list[str]], list[int | None]]:
    """Assign every unit in one call."""

    def run(ids: list[str]) -> list[int | None]:
        return experiments.assign_variations(
            ids,
            experiment_key=KEY,
            variations=len(WEIGHTS),
            weights=WEIGHTS,
            coverage=COVERAGE,
            hash_version=version,
        )

    return run


def ours_single(version: int) -> Callable[[list[str]], list[int | None]]:
    """Assign one unit per call."""
    assign = experiments.assign_variation

    def run(ids: list[str]) -> list[int | None]:
        return [
            assign(
                u,
                experiment_key=KEY,
                variations=len(WEIGHTS),
                weights=WEIGHTS,
                coverage=COVERAGE,
                hash_version=version,
            )
            for u in ids
        ]

    return run


def peer(version: int, *, ranges_once: bool) -> Callable[[list[str]], list[int | None]]:
    """GrowthBook's SDK: gbhash + getBucketRanges + chooseVariation."""
    from growthbook.core import chooseVariation, gbhash, getBucketRanges

    weights = list(WEIGHTS)

    def run(ids: list[str]) -> list[int | None]:
        out: list[int | None] = []
        ranges = getBucketRanges(len(weights), COVERAGE, weights)
        for u in ids:
            n = gbhash(KEY, u, version)
            if not ranges_once:
                ranges = getBucketRanges(len(weights), COVERAGE, weights)
            index = -1 if n is None else chooseVariation(n, ranges)
            out.append(None if index < 0 else index)
        return out

    return run


def _record(
    name: str,
    ids: list[str],
    ours: Callable[[list[str]], list[int | None]],
    theirs: Callable[[list[str]], list[int | None]],
    rounds: int,
) -> dict[str, object]:
    assert ours(ids) == theirs(ids), name
    timed = interleave(
        {"ours": lambda: lambda: ours(ids), "peer": lambda: lambda: theirs(ids)}, rounds=rounds
    )
    assert timed.results["ours"] == timed.results["peer"], name
    return {
        "name": name,
        "peer": "growthbook (Python SDK) gbhash + getBucketRanges + chooseVariation",
        "units": len(ids),
        **timed.record("ours", "peer", len(ids)),
    }


def benchmarks(*, quick: bool) -> Iterator[dict[str, object]]:
    """Yield the assignment records (none without the ``growthbook`` package)."""
    try:
        import growthbook  # noqa: F401 - optional peer
    except ImportError:
        return
    ids = unit_ids(5_000 if quick else 100_000)
    rounds = 7 if quick else 11
    for version in (1, 2):
        yield _record(
            f"experiments assign v{version}, bulk",
            ids,
            ours_bulk(version),
            peer(version, ranges_once=True),
            rounds,
        )
        yield _record(
            f"experiments assign v{version}, one at a time",
            ids,
            ours_single(version),
            peer(version, ranges_once=False),
            rounds,
        )
