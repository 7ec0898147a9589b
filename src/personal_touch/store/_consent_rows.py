"""
The consent-events table: appending chained events and reading them back as values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._consent import ConsentGrant
from ..converters import parse_datetime
from . import _retention_chain
from ._chain import next_link, row_digest
from ._records import ConsentEvent, event_kind, occurred_at
from ._rows import body, micros, read_many, stamp
from ._schema import CHAINED

if TYPE_CHECKING:
    import pendulum

    from ._dialect import Connection

__all__ = ["COLUMNS", "append", "events", "grants", "head", "rows"]

#: The columns of an event, in the order they are hashed and selected (the link last).
COLUMNS = dict(CHAINED)["consent_events"]
_INSERT = (
    f"INSERT INTO consent_events ({', '.join(COLUMNS)}, link) "
    f"VALUES ({', '.join(':' + c for c in COLUMNS)}, :link)"
)
_SELECT = f"SELECT {', '.join(COLUMNS)}, link FROM consent_events"


def head(conn: Connection, table: str) -> tuple[int, str]:
    """
    The last sequence number and link of chained *table* (``0`` and the genesis if empty).

    Purged rows' stubs count: the chain goes on after them.
    """
    return _retention_chain.head(conn, table)


def append(
    conn: Connection,
    versions: tuple[ConsentGrant, ...],
    recorded_at: pendulum.DateTime,
    at: pendulum.DateTime | None,
    secret: bytes | None,
) -> tuple[ConsentEvent, ...]:
    """
    Append *versions* as chained events inside the caller's write transaction.
    """
    seq, link = head(conn, "consent_events")
    recorded, recorded_us = stamp(recorded_at), micros(recorded_at)
    out = []
    for grant in versions:
        seq += 1
        kind, occurred = event_kind(grant), at or occurred_at(grant)
        fields: dict[str, Any] = {
            "seq": seq,
            "contact_id": grant.contact_id,
            "grant_id": grant.id,
            "kind": kind.value,
            "occurred_at": stamp(occurred),
            "recorded_at": recorded,
            "recorded_us": recorded_us,
            "body": body(grant),
        }
        link = next_link(link, row_digest(fields), secret)
        conn.execute(_INSERT, {**fields, "link": link})
        out.append(
            ConsentEvent(
                seq=seq,
                grant=grant,
                kind=kind,
                occurred_at=occurred,
                recorded_at=recorded_at,
                link=link,
            )
        )
    return tuple(out)


def grants(conn: Connection, contact_id: str, until_us: int | None) -> list[ConsentGrant]:
    """
    The grant versions recorded for *contact_id* (at or before *until_us*, if given).
    """
    if until_us is None:
        rows = conn.execute(
            "SELECT seq, body FROM consent_events WHERE contact_id = ? ORDER BY seq",
            (contact_id,),
        ).fetchall()
    else:
        rows = conn.execute(
            "SELECT seq, body FROM consent_events WHERE contact_id = ? AND recorded_us <= ? "
            "ORDER BY seq",
            (contact_id, until_us),
        ).fetchall()
    return read_many(rows, ConsentGrant, "consent_events")


def rows(
    conn: Connection, *, contact_id: str | None = None, grant_id: str | None = None
) -> list[dict[str, Any]]:
    """
    The stored event rows (every column, the link included), oldest first.
    """
    if grant_id is not None:
        cursor = conn.execute(f"{_SELECT} WHERE grant_id = ? ORDER BY seq", (grant_id,))
    elif contact_id is not None:
        cursor = conn.execute(f"{_SELECT} WHERE contact_id = ? ORDER BY seq", (contact_id,))
    else:
        cursor = conn.execute(f"{_SELECT} ORDER BY seq")
    return [dict(zip((*COLUMNS, "link"), r, strict=True)) for r in cursor]


def events(
    conn: Connection, *, contact_id: str | None = None, grant_id: str | None = None
) -> tuple[ConsentEvent, ...]:
    """
    The events as values, oldest first: all, or one contact's, or one grant's.
    """
    found = rows(conn, contact_id=contact_id, grant_id=grant_id)
    versions = read_many([(r["seq"], r["body"]) for r in found], ConsentGrant, "consent_events")
    return tuple(
        ConsentEvent(
            seq=r["seq"],
            grant=g,
            kind=r["kind"],
            occurred_at=parse_datetime(r["occurred_at"]),
            recorded_at=parse_datetime(r["recorded_at"]),
            link=r["link"],
        )
        for r, g in zip(found, versions, strict=True)
    )
