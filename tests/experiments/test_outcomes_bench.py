"""The analysis benchmark's peer counts exactly what the tally counts."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _bench() -> ModuleType:
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location(
        "bench_analysis", BENCHMARKS / "bench_analysis.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestPeerIsHonest:
    def test_same_counts(self) -> None:
        """On the benchmark's inputs the plain loop and the tally count the same per arm."""
        bench = _bench()
        exposures, interactions = bench.inputs(3_000, seed=4)
        counts, result, report = bench.ours(exposures, interactions)
        theirs = bench.peer(exposures, interactions)
        assert {a.variant_key: [a.exposures, *a.counts] for a in counts.arms} == theirs
        assert 3 == len(result.arms)
        assert () == report.stops

    def test_some_interactions_fall_outside(self) -> None:
        """The inputs exercise the window and the message join: not every interaction counts."""
        bench = _bench()
        exposures, interactions = bench.inputs(3_000, seed=4)
        counted = sum(sum(row[1:]) for row in bench.peer(exposures, interactions).values())
        outcomes = sum(i.kind in bench.OUTCOMES for i in interactions)
        assert 0 < counted < outcomes
