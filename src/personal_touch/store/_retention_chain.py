"""
Purged rows in a hash chain: the stubs that keep the chain whole and the purge log.

A consent event past its proof period is deleted, but its place in the chain is kept: a
stub in ``chain_stubs`` holds its sequence number, the digest of the row as it was and its
link, nothing else (no contact id, no grant).  The chain still verifies end to end, and a
proof bundle of any other grant still reaches the head, because a link needs only the
previous link and the row's digest.  Every purge that stubs rows appends a record to the
chained ``purges`` log naming the sequence numbers it stubbed, so a stub that no purge
record accounts for (a row deleted behind the store's back and replaced by a stub) is
reported by ``verify()`` as a broken link.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._chain import GENESIS, BrokenLink, next_link, row_digest
from ._rows import body

if TYPE_CHECKING:
    from ._dialect import Connection

__all__ = ["append_purge", "digests", "head", "rows", "stub", "unaccounted"]

_LOG = "purges"


def head(conn: Connection, table: str) -> tuple[int, str]:
    """
    The last sequence number and link of chained *table*, stubs included.
    """
    found = [(0, GENESIS)]
    live = conn.execute(f"SELECT seq, link FROM {table} ORDER BY seq DESC LIMIT 1").fetchone()
    stubbed = conn.execute(
        "SELECT seq, link FROM chain_stubs WHERE chain = ? ORDER BY seq DESC LIMIT 1", (table,)
    ).fetchone()
    found += [(int(r[0]), str(r[1])) for r in (live, stubbed) if r is not None]
    return max(found)


def rows(
    conn: Connection, table: str, columns: Sequence[str], since: int = 0
) -> Iterator[tuple[int, Mapping[str, Any] | str, object]]:
    """
    The chain of *table* from *since* on: ``(seq, hashed fields or a stub's digest, link)``.
    """
    live = (
        (r[0], dict(zip(columns, r, strict=False)), r[-1])
        for r in conn.execute(
            f"SELECT {', '.join(columns)}, link FROM {table} WHERE seq >= ? ORDER BY seq",
            (since,),
        )
    )
    stubs = (
        (r[0], r[1], r[2])
        for r in conn.execute(
            "SELECT seq, digest, link FROM chain_stubs WHERE chain = ? AND seq >= ? ORDER BY seq",
            (table, since),
        )
    )
    yield from heapq.merge(live, stubs, key=lambda r: r[0])


def digests(
    conn: Connection, table: str, columns: Sequence[str], since: int = 0
) -> Iterator[tuple[int, str, str]]:
    """
    The chain of *table* from *since* on as ``(seq, row digest, link)``.
    """
    for seq, fields, link in rows(conn, table, columns, since):
        digest = fields if isinstance(fields, str) else row_digest(fields)
        yield int(seq), digest, str(link)


def stub(conn: Connection, table: str, columns: Sequence[str], seqs: Iterable[int]) -> None:
    """
    Replace the rows *seqs* of chained *table* by stubs, in the caller's write transaction.
    """
    select = f"SELECT {', '.join(columns)}, link FROM {table} WHERE seq = ?"
    for seq in seqs:
        r = conn.execute(select, (seq,)).fetchone()
        fields = dict(zip(columns, r, strict=False))
        conn.execute(
            "INSERT INTO chain_stubs (chain, seq, digest, link) VALUES (?, ?, ?, ?)",
            (table, seq, row_digest(fields), r[-1]),
        )
        conn.execute(f"DELETE FROM {table} WHERE seq = ?", (seq,))


def append_purge(conn: Connection, at: str, record: Mapping[str, Any], secret: bytes | None) -> int:
    """
    Append a purge *record* at *at* to the chained purge log; its sequence number.
    """
    seq, previous = head(conn, _LOG)
    fields: dict[str, Any] = {"seq": seq + 1, "at": at, "body": body(record)}
    link = next_link(previous, row_digest(fields), secret)
    conn.execute(
        "INSERT INTO purges (seq, at, body, link) VALUES (?, ?, ?, ?)",
        (fields["seq"], at, fields["body"], link),
    )
    return seq + 1


def _stubbed(text: object, table: str) -> set[int]:
    try:
        found = json.loads(str(text)).get("stubbed", {}).get(table, [])
        return {int(s) for s in found}
    except (ValueError, TypeError, AttributeError):
        return set()


def unaccounted(conn: Connection, table: str) -> BrokenLink | None:
    """
    The first stub of *table* that no purge record names, if any.
    """
    listed: set[int] = set()
    for (text,) in conn.execute("SELECT body FROM purges ORDER BY seq"):
        listed |= _stubbed(text, table)
    cursor = conn.execute("SELECT seq FROM chain_stubs WHERE chain = ? ORDER BY seq", (table,))
    for (seq,) in cursor:
        if int(seq) not in listed:
            return BrokenLink(table, int(seq), "a row was removed outside a purge")
    return None
