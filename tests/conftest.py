from __future__ import annotations

# tests/typing/ is type-checked by mypy (`nox -s typing`), never run.
collect_ignore = ["typing"]
