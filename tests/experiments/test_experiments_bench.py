"""
The assignment benchmark compares like with like: both engines give every unit the same variation.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _bench() -> ModuleType:
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location(
        "bench_experiments", BENCHMARKS / "bench_experiments.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestBenchmark:
    """Ours and GrowthBook's SDK agree on the benchmark's inputs, in both of its shapes."""

    @pytest.mark.parametrize("version", [1, 2])
    def test_engines_agree(self, version: int) -> None:
        """Bulk and one-at-a-time assignment equal GrowthBook's on 300 random UUIDs."""
        pytest.importorskip("growthbook")
        bench = _bench()
        ids = bench.unit_ids(300)
        expected = bench.peer(version, ranges_once=False)(ids)
        assert expected == bench.peer(version, ranges_once=True)(ids)
        assert expected == bench.ours_bulk(version)(ids)
        assert expected == bench.ours_single(version)(ids)
        assert {0, 1, 2, None} == set(expected)
