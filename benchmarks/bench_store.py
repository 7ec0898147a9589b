"""
The SQLite store against plain ``sqlite3`` and against the in-memory ledger.

* ``store durable consent appends``: ``SQLiteStore.record_consent`` (canonical JSON, hash-chain
  link, ``BEGIN IMMEDIATE``, one transaction per event) against plain ``sqlite3`` inserts of
  the same grants as JSON with the same durability settings (WAL, ``synchronous=FULL``, one
  transaction per event); each engine writes a fresh file each round.  Target: at least 0.8x.
* ``store is_granted, cached``: ``SQLiteStore.is_granted`` (ledgers cached, checked against the
  change token on every question) against ``ConsentLedger.is_granted`` on ledgers already in
  memory; the same questions, the answers checked equal.  Target: at least 0.5x.

* ``postgres durable consent appends`` (only when ``PT_POSTGRES_DSN`` names a server):
  ``PostgresStore.record_consent`` (the same work, plus the advisory lock and the change-token
  bump) against plain psycopg inserts of the same JSON into the same table, one transaction
  each; each engine writes to a fresh schema each round.  No target: reported for the record.

Engines run in interleaved rounds (``_timing.interleave``); ratios are medians of per-round
ratios.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pendulum

import personal_touch as pt
from _timing import interleave
from personal_touch import converters
from personal_touch.store import SQLiteStore

AT = pendulum.datetime(2026, 11, 25, 9, tz="UTC")
PURPOSES = ["marketing", "marketing.sms", "personalization.profile", "survey"]
QUERIES: list[tuple[str, pt.Channel | None]] = [
    ("marketing", pt.Channel.EMAIL),
    ("marketing.sms", pt.Channel.SMS),
    ("personalization.profile", None),
    ("data.sale", None),
    ("fundraising", pt.Channel.POST),
]
Prepare = Callable[[], Callable[[], object]]


def _grants(contact_id: str, seed: int, size: int = 8) -> list[pt.ConsentGrant]:
    out = []
    for i in range(size):
        start = AT.subtract(days=300 - 20 * i - seed % 7)
        out.append(
            pt.ConsentGrant(
                id=f"g{i}",
                contact_id=contact_id,
                purpose=PURPOSES[(i + seed) % len(PURPOSES)],
                granted_at=start,
                withdrawn_at=start.add(days=40) if (i + seed) % 3 == 0 else None,
                evidence=pt.Evidence(source="signup form", method="checkbox"),
            )
        )
    return out


def _plain(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    # The same table and indexes as the store's (every column, the link left empty).
    conn.execute(
        "CREATE TABLE consent_events (seq INTEGER PRIMARY KEY, contact_id TEXT NOT NULL, "
        "grant_id TEXT NOT NULL, kind TEXT NOT NULL, occurred_at TEXT NOT NULL, "
        "recorded_at TEXT NOT NULL, recorded_us INTEGER NOT NULL, body TEXT NOT NULL, "
        "link TEXT NOT NULL)"
    )
    conn.execute("CREATE INDEX consent_by_contact ON consent_events (contact_id, seq)")
    conn.execute("CREATE INDEX consent_by_grant ON consent_events (grant_id, seq)")
    return conn


def _appends(n: int, rounds: int, work: Path) -> dict[str, object]:
    grants = [g for c in range(n // 8) for g in _grants(f"c{c}", c)]
    counter = iter(range(1_000_000))

    def ours() -> Callable[[], object]:
        store = SQLiteStore(work / f"ours-{next(counter)}.db")

        def run() -> object:
            for g in grants:
                store.record_consent(g, recorded_at=AT)
            store.close()
            return len(grants)

        return run

    def plain() -> Callable[[], object]:
        conn = _plain(work / f"plain-{next(counter)}.db")
        stamp, micros = AT.isoformat(), int(AT.timestamp() * 1_000_000)

        def run() -> object:
            for g in grants:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute(
                    "INSERT INTO consent_events (contact_id, grant_id, kind, occurred_at, "
                    "recorded_at, recorded_us, body, link) VALUES (?, ?, ?, ?, ?, ?, ?, '')",
                    (
                        g.contact_id,
                        g.id,
                        "granted",
                        g.granted_at.isoformat(),
                        stamp,
                        micros,
                        json.dumps(converters.unstructure(g)),
                    ),
                )
                conn.execute("COMMIT")
            conn.close()
            return len(grants)

        return run

    timed = interleave({"ours": ours, "peer": plain}, rounds=rounds)
    assert timed.results["ours"] == timed.results["peer"]
    return {
        "name": "store durable consent appends (one transaction each, synchronous=FULL)",
        "peer": "plain sqlite3 INSERT of the grant's JSON, same table, same durability settings",
        **timed.record("ours", "peer", len(grants)),
        "events": len(grants),
    }


def _is_granted(contacts: int, calls: int, rounds: int, work: Path) -> dict[str, object]:
    ledgers = {
        f"c{c}": pt.ConsentLedger.from_grants(f"c{c}", _grants(f"c{c}", c)) for c in range(contacts)
    }
    store = SQLiteStore(work / "questions.db")
    for ledger in ledgers.values():
        store.record_consents(ledger.entries, recorded_at=AT)
    questions = [(cid, p, c) for cid in ledgers for p, c in QUERIES]

    def ours() -> Callable[[], object]:
        for cid, p, c in questions:  # warm: every ledger in the cache
            store.is_granted(cid, p, c, at=AT)

        def run() -> object:
            for _ in range(calls):
                out = [store.is_granted(cid, p, c, at=AT) for cid, p, c in questions]
            return out

        return run

    def memory() -> Callable[[], object]:
        def run() -> object:
            for _ in range(calls):
                out = [ledgers[cid].is_granted(p, c, at=AT) for cid, p, c in questions]
            return out

        return run

    timed = interleave({"ours": ours, "peer": memory}, rounds=rounds)
    store.close()
    assert timed.results["ours"] == timed.results["peer"]
    return {
        "name": "store is_granted, cached (change token checked per question)",
        "peer": "ConsentLedger.is_granted on ledgers held in memory",
        **timed.record("ours", "peer", calls * len(questions)),
        "contacts": contacts,
    }


def _plain_postgres(dsn: str, schema: str) -> Any:
    import psycopg

    conn = psycopg.connect(dsn, autocommit=True)
    conn.execute(f"CREATE SCHEMA {schema}")
    conn.execute(f"SET search_path TO {schema}")
    conn.execute(
        "CREATE TABLE consent_events (seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
        "contact_id TEXT NOT NULL, grant_id TEXT NOT NULL, kind TEXT NOT NULL, "
        "occurred_at TEXT NOT NULL, recorded_at TEXT NOT NULL, recorded_us BIGINT NOT NULL, "
        "body TEXT NOT NULL, link TEXT NOT NULL)"
    )
    conn.execute("CREATE INDEX consent_by_contact ON consent_events (contact_id, seq)")
    conn.execute("CREATE INDEX consent_by_grant ON consent_events (grant_id, seq)")
    return conn


def _postgres_appends(dsn: str, n: int, rounds: int) -> dict[str, object]:
    from personal_touch.store import PostgresStore

    grants = [g for c in range(n // 8) for g in _grants(f"c{c}", c)]
    schemas: list[str] = []

    def fresh() -> str:
        schemas.append(f"pt_bench_{uuid.uuid4().hex[:12]}")
        return schemas[-1]

    def ours() -> Callable[[], object]:
        store = PostgresStore(dsn, schema=fresh())

        def run() -> object:
            for g in grants:
                store.record_consent(g, recorded_at=AT)
            store.close()
            return len(grants)

        return run

    def plain() -> Callable[[], object]:
        conn = _plain_postgres(dsn, fresh())
        stamp, micros = AT.isoformat(), int(AT.timestamp() * 1_000_000)

        def run() -> object:
            for g in grants:
                with conn.transaction():
                    conn.execute(
                        "INSERT INTO consent_events (contact_id, grant_id, kind, occurred_at, "
                        "recorded_at, recorded_us, body, link) "
                        "VALUES (%s, %s, %s, %s, %s, %s, %s, '')",
                        (
                            g.contact_id,
                            g.id,
                            "granted",
                            g.granted_at.isoformat(),
                            stamp,
                            micros,
                            json.dumps(converters.unstructure(g)),
                        ),
                    )
            conn.close()
            return len(grants)

        return run

    try:
        timed = interleave({"ours": ours, "peer": plain}, rounds=rounds)
    finally:
        import psycopg

        with psycopg.connect(dsn, autocommit=True) as conn:
            for schema in schemas:
                conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    assert timed.results["ours"] == timed.results["peer"]
    return {
        "name": "postgres durable consent appends (one transaction each)",
        "peer": "plain psycopg INSERT of the grant's JSON, same table, one transaction each",
        **timed.record("ours", "peer", len(grants)),
        "events": len(grants),
    }


def benchmarks(*, quick: bool) -> Iterator[dict[str, object]]:
    """Yield the store benchmark records."""
    rounds = 5 if quick else 9
    work = Path(tempfile.mkdtemp(prefix="pt-bench-store-"))
    try:
        yield _appends(80 if quick else 400, rounds, work)
        yield _is_granted(50 if quick else 500, 40, rounds, work)
        dsn = os.environ.get("PT_POSTGRES_DSN")
        if dsn:  # the PostgreSQL line only where a server is known
            yield _postgres_appends(dsn, 80 if quick else 400, rounds)
    finally:
        shutil.rmtree(work, ignore_errors=True)
