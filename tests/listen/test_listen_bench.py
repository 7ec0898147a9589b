"""
The listener benchmark is honest: its plain loop fires the same, and memory stays flat.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCHMARKS = Path(__file__).resolve().parent.parent.parent / "benchmarks"


def _bench() -> ModuleType:
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location("bench_listen", BENCHMARKS / "bench_listen.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestBenchmark:
    def test_peer_fires_as_often_as_the_listener(self) -> None:
        """The plain loop matches the same patterns: the same number of firings."""
        bench = _bench()
        signals = list(bench.stream(5_000))
        assert bench.ours(signals) == bench.peer(signals)

    def test_memory_stays_flat(self) -> None:
        """Ten times the signals hold about the same memory: state is pruned by window."""
        bench = _bench()
        small, held_small = bench.peak(3_000)
        large, held_large = bench.peak(30_000)
        assert large <= bench.PEAK_BOUND * small
        assert held_large <= 2 * held_small
