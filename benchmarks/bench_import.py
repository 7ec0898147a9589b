"""
Import time: ``import personal_touch`` against importing its dependencies alone.

Each sample is a fresh interpreter (``sys.executable -c``) timing its own import with
``time.perf_counter`` (interpreter start-up excluded); the two commands alternate, and the ratio
is the median of per-round ratios.  The dependencies are attrs, cattrs, pendulum, babel and
typing_extensions, imported together.  A ratio above 1 means the library is that many times
as slow to import as everything it depends on.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from collections.abc import Iterator

DEPENDENCIES = "attrs, cattrs, pendulum, babel, typing_extensions"
SNIPPET = "import time; t = time.perf_counter(); import {}; print(time.perf_counter() - t)"


def sample(modules: str) -> float:
    """Seconds one fresh interpreter takes to import *modules*."""
    out = subprocess.run(
        [sys.executable, "-c", SNIPPET.format(modules)],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(out.stdout.strip())


def benchmarks(*, quick: bool) -> Iterator[dict[str, object]]:
    """Yield the import-time record."""
    rounds = 7 if quick else 21
    ours: list[float] = []
    deps: list[float] = []
    for r in range(rounds):
        pair = [("ours", "personal_touch"), ("deps", DEPENDENCIES)]
        for name, modules in pair if r % 2 else pair[::-1]:
            (ours if name == "ours" else deps).append(sample(modules))
    slowdown = [o / d for o, d in zip(ours, deps, strict=True)]
    yield {
        "name": "import personal_touch vs its dependencies alone",
        "ops_per_s": 1 / statistics.median(ours),
        "peer": f"import {DEPENDENCIES}",
        "peer_ops_per_s": 1 / statistics.median(deps),
        "ratio": statistics.median(d / o for o, d in zip(ours, deps, strict=True)),
        "import_ms": statistics.median(ours) * 1000,
        "dependencies_ms": statistics.median(deps) * 1000,
        "time_ratio": statistics.median(slowdown),
        "rounds": rounds,
    }
