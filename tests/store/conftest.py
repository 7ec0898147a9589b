"""
Every store a test opens is closed when the test ends (no connection is left to the GC).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from personal_touch.store import SQLiteStore


@pytest.fixture(autouse=True)
def _close_stores(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Close, after the test, every :class:`SQLiteStore` it made and left open."""
    opened: list[SQLiteStore] = []
    init = SQLiteStore.__init__

    def tracked(self: SQLiteStore, *args: object, **kwargs: object) -> None:
        init(self, *args, **kwargs)  # type: ignore[arg-type]
        opened.append(self)

    monkeypatch.setattr(SQLiteStore, "__init__", tracked)
    yield
    for store in opened:
        store.close()
