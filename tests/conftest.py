from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# tests/typing/ is type-checked by mypy (`nox -s typing`), never run.
collect_ignore = ["typing"]

# Timing on a loaded 2-core CI machine is not a property: no per-example deadline. CI is
# derandomized so that a red build is reproducible from its log.
settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "ci",
    parent=settings.get_profile("default"),
    derandomize=True,
    print_blob=True,
)
# A long run of the property suites, e.g. `pytest tests/test_no_leak.py --hypothesis-profile=large`.
settings.register_profile("large", parent=settings.get_profile("default"), max_examples=5000)
settings.load_profile("ci" if os.environ.get("CI") else "default")
