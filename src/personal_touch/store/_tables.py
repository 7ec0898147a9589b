"""
The other tables' writes and the chain check, kept apart from the store's public methods.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from . import _retention_chain
from ._chain import VerifyReport, first_break, next_link, row_digest
from ._consent_rows import head
from ._dialect import Connection, Dialect, lenient_text
from ._rows import body, read_many, stamp
from ._schema import CHAINED

if TYPE_CHECKING:
    from .._facts import Fact
    from .._suppression import Suppression
    from ._records import DecisionRecord

T = TypeVar("T")

__all__ = ["append_suppression", "bodies", "insert_decision", "insert_facts", "verify"]


def insert_facts(conn: Connection, contact_id: str, facts: Iterable[Fact]) -> None:
    """
    Append *facts* of *contact_id* inside the caller's write transaction.
    """
    conn.executemany(
        "INSERT INTO facts (contact_id, key, provenance, recorded_at, body) VALUES (?, ?, ?, ?, ?)",
        [(contact_id, f.key, f.provenance.value, stamp(f.recorded_at), body(f)) for f in facts],
    )


def append_suppression(
    conn: Connection, suppression: Suppression, recorded_at: str, secret: bytes | None
) -> int:
    """
    Append *suppression* to the chain inside the caller's write transaction; its number.
    """
    seq, previous = head(conn, "suppressions")
    fields: dict[str, Any] = {
        "seq": seq + 1,
        "contact_id": suppression.contact_id,
        "address_digest": suppression.address_digest,
        "recorded_at": recorded_at,
        "body": body(suppression),
    }
    link = next_link(previous, row_digest(fields), secret)
    conn.execute(
        "INSERT INTO suppressions (seq, contact_id, address_digest, recorded_at, body, link) "
        "VALUES (:seq, :contact_id, :address_digest, :recorded_at, :body, :link)",
        {**fields, "link": link},
    )
    return seq + 1


def insert_decision(conn: Connection, record: DecisionRecord) -> None:
    """
    Append *record* to the decision log inside the caller's write transaction.
    """
    conn.execute(
        "INSERT INTO decisions (decision_id, contact_id, at, body) VALUES (?, ?, ?, ?)",
        (record.decision_id, record.contact_id, stamp(record.at), body(record)),
    )


def verify(conn: Connection, secret: bytes | None, dialect: Dialect) -> VerifyReport:
    """
    The database's own integrity check and every chain, in the caller's read transaction.
    """
    checked, heads, broken = [], [], []
    integrity = dialect.integrity(conn)
    # Text that is no longer UTF-8 (a tampered byte) must be reported, not crash the check.
    with lenient_text(conn):
        for table, columns in CHAINED:
            rows = _retention_chain.rows(conn, table, columns)
            count, last, problem = first_break(table, rows, secret)
            problem = problem or _retention_chain.unaccounted(conn, table)
            checked.append((table, count))
            heads.append((table, last))
            if problem is not None:
                broken.append(problem)
    return VerifyReport(tuple(checked), tuple(heads), tuple(broken), integrity)


def bodies(conn: Connection, table: str, cls: type[T], contact_id: str | None = None) -> list[T]:
    """
    The stored bodies of *table* as *cls* (one contact's, if given), in their order.

    Raises:
        InvalidInputError: A stored body is not a valid *cls*.
    """
    order = "at_us, seq" if table == "interactions" else "seq"
    if contact_id is None:
        rows = conn.execute(f"SELECT seq, body FROM {table} ORDER BY {order}").fetchall()
    else:
        rows = conn.execute(
            f"SELECT seq, body FROM {table} WHERE contact_id = ? ORDER BY {order}", (contact_id,)
        ).fetchall()
    return read_many(rows, cls, table)
