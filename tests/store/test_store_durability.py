"""
Crash safety and concurrency: killed writers lose no acknowledged event, writers lose none.

Each trial forks a writer that appends consent events and acknowledges each one through a
pipe once ``record_consent`` has returned; the test kills it with SIGKILL after a random
delay, then checks that every acknowledged event is in the file, that the file is sound
(``PRAGMA integrity_check``) and that the chain verifies.  Forking keeps a trial cheap (no
interpreter start-up), so the 200 trials the acceptance criteria ask for take seconds.
Set ``PT_STORE_EVENTS`` to run the concurrency test at full size (10,000 events per writer).
"""

from __future__ import annotations

import functools
import os
import random
import signal
import struct
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pendulum
import pytest
from store_backends import StoreFactory

import personal_touch as pt
from personal_touch.store import SQLiteStore

if TYPE_CHECKING:
    from personal_touch.store._core import StoreCore

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")

T0 = pendulum.datetime(2026, 6, 1, tz="UTC")
TRIALS = 200
#: Fewer on PostgreSQL: each trial opens a connection (the server's crash safety is its own).
POSTGRES_TRIALS = 30
EVENTS = int(os.environ.get("PT_STORE_EVENTS", "120"))


def grant(gid: str) -> pt.ConsentGrant:
    return pt.ConsentGrant(id=gid, contact_id=f"c-{gid}", purpose="marketing", granted_at=T0)


def _write_and_ack(open_store: Callable[[], StoreCore], trial: int, ack: int) -> None:
    """The child: append events forever, acknowledging each after it returned."""
    try:
        store = open_store()
        for i in range(1_000_000):
            store.record_consent(grant(f"{trial}-{i}"), recorded_at=T0)
            os.write(ack, struct.pack("<I", i))
    finally:
        os._exit(0)


def _acknowledged(fd: int, trial: int) -> set[str]:
    data = b""
    while chunk := os.read(fd, 65536):
        data += chunk
    count = len(data) // 4
    return {f"{trial}-{i}" for (i,) in struct.iter_unpack("<I", data[: count * 4])}


def _fork(target: object, *args: object) -> int:
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        target(*args)  # type: ignore[operator]
        os._exit(0)
    return pid


class TestCrashSafety:
    def test_sigkill_loses_no_acknowledged_event(self, tmp_path: Path) -> None:
        """200 writers killed at random points: no acknowledged event lost, file sound."""
        rng = random.Random(20261203)
        path = tmp_path / "crash-0.db"
        acknowledged: set[str] = set()
        for trial in range(TRIALS):
            if trial % 50 == 0:  # now and then a new file: a kill may land in its migration
                path, acknowledged = tmp_path / f"crash-{trial}.db", set()
            read, write = os.pipe()
            pid = _fork(_write_and_ack, functools.partial(SQLiteStore, path), trial, write)
            os.close(write)
            time.sleep(rng.uniform(0.0, 0.03))
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            acknowledged |= _acknowledged(read, trial)
            os.close(read)
            with SQLiteStore(path) as store:
                ids = [e.grant.id for e in store.events()]
                report = store.verify()
            assert acknowledged <= set(ids), f"trial {trial} lost an acknowledged event"
            assert len(ids) == len(set(ids))
            assert "ok" == report.integrity
            assert report.is_intact, report.broken


class TestCrashSafetyPostgres:
    def test_sigkill_loses_no_acknowledged_event(self, tmp_path: Path) -> None:
        """Writers killed at random points lose no acknowledged event; the chain verifies."""
        factory = StoreFactory("postgres", tmp_path)
        rng = random.Random(20261203)
        acknowledged: set[str] = set()
        try:
            open_store = functools.partial(factory, "crash")
            for trial in range(POSTGRES_TRIALS):
                read, write = os.pipe()
                pid = _fork(_write_and_ack, open_store, trial, write)
                os.close(write)
                time.sleep(rng.uniform(0.0, 0.1))
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                acknowledged |= _acknowledged(read, trial)
                os.close(read)
                with factory("crash") as store:
                    ids = [e.grant.id for e in store.events()]
                    report = store.verify()
                assert acknowledged <= set(ids), f"trial {trial} lost an acknowledged event"
                assert len(ids) == len(set(ids))
                assert report.is_intact, report.broken
        finally:
            factory.close()


def _threads(open_store: Callable[[], StoreCore], tag: str, count: int, events: int) -> None:
    store = open_store()

    def work(k: int) -> None:
        for i in range(events):
            store.record_consent(grant(f"{tag}{k}-{i}"), recorded_at=T0)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    store.close()


class TestConcurrency:
    def test_two_processes_and_four_threads(self, store_factory: StoreFactory) -> None:
        """Two processes of four threads each append at once: none lost, none twice."""
        store_factory("db").close()
        open_store = functools.partial(store_factory, "db")
        pids = [_fork(_threads, open_store, tag, 4, EVENTS) for tag in ("p", "q")]
        for pid in pids:
            _, status = os.waitpid(pid, 0)
            assert 0 == os.waitstatus_to_exitcode(status)
        with store_factory("db") as store:
            ids = [e.grant.id for e in store.events()]
            report = store.verify()
        expected = {f"{tag}{k}-{i}" for tag in "pq" for k in range(4) for i in range(EVENTS)}
        assert expected == set(ids)
        assert len(expected) == len(ids)
        assert report.is_intact
