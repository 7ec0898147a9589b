"""
Stores for the store tests: every backend through one factory, each test on an empty store.

``store_factory`` runs a test once per backend: SQLite, and PostgreSQL when
``PT_POSTGRES_DSN`` names a server (see ``store_backends``); without one, the PostgreSQL runs
skip, saying so.  Every store a test opens is closed when the test ends (no connection is
left to the GC).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from store_backends import BACKENDS, StoreFactory

from personal_touch.store import SQLiteStore

if TYPE_CHECKING:
    from personal_touch.store._core import StoreCore


@pytest.fixture(params=BACKENDS)
def store_factory(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreFactory]:
    """A factory of stores on each backend in turn (PostgreSQL when a server is known)."""
    factory = StoreFactory(request.param, tmp_path)
    yield factory
    factory.close()


@pytest.fixture
def any_store(store_factory: StoreFactory) -> StoreCore:
    """An empty store on each backend in turn."""
    return store_factory()


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
