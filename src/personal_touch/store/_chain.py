"""
The hash chain that makes consent events and suppressions tamper-evident.

Each row of a chained table is written as canonical JSON (:func:`canonical`: keys sorted, no
blanks, UTF-8) and digested with SHA-256 (:func:`row_digest`).  Its link is the SHA-256 (or,
when the application supplies a secret, the HMAC-SHA256) of the previous row's link, a newline
and that digest (:func:`next_link`); the first row follows :data:`GENESIS`.  Changing any
stored byte of a row, its sequence number or its link breaks the chain from that row on, and
:func:`first_break` names the first row where it breaks.  Chaining row digests rather than the
rows themselves lets one person's proof skip the other rows: it carries their digests only.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

__all__ = [
    "GENESIS",
    "BrokenLink",
    "VerifyReport",
    "algorithm",
    "canonical",
    "first_break",
    "next_link",
    "row_digest",
]

#: The link before the first row of every chain.
GENESIS = "0" * 64


def canonical(row: Mapping[str, Any]) -> bytes:
    """
    The canonical JSON bytes of *row*: keys sorted, no blanks, UTF-8, non-ASCII kept as is.
    """
    return json.dumps(row, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def row_digest(row: Mapping[str, Any]) -> str:
    """
    The SHA-256 hex digest of :func:`canonical` *row*.
    """
    return hashlib.sha256(canonical(row)).hexdigest()


def algorithm(secret: bytes | None) -> str:
    """
    The name of the link function: ``"sha256"``, or ``"hmac-sha256"`` with a secret.
    """
    return "sha256" if secret is None else "hmac-sha256"


def next_link(previous: str, digest: str, secret: bytes | None = None) -> str:
    """
    The link following *previous* for a row with digest *digest*.

    The SHA-256 of *previous*, a newline and *digest* (ASCII), or its HMAC-SHA256 keyed with
    *secret*, as lowercase hex.
    """
    message = f"{previous}\n{digest}".encode("ascii", "replace")
    if secret is None:
        return hashlib.sha256(message).hexdigest()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


@attrs.frozen
class BrokenLink:
    """
    The first row where a chain breaks.

    Attributes:
        table: The chained table (``"consent_events"`` or ``"suppressions"``).
        seq: The row's sequence number (the position where one is missing, for a gap).
        problem: What is wrong, in words that hold no stored data.

    .. versionadded:: 0.1.0
    """

    table: str
    seq: int
    problem: str


@attrs.frozen
class VerifyReport:
    """
    What :meth:`SQLiteStore.verify <personal_touch.store.SQLiteStore.verify>` found.

    Attributes:
        checked: Rows checked, by table.
        heads: The last link of each chain, by table (:data:`GENESIS` for an empty one):
            publish it elsewhere to detect a later truncation.
        broken: The first broken link of each broken chain, in table order.
        integrity: What ``PRAGMA integrity_check`` said (``"ok"`` when the file is sound).

    .. versionadded:: 0.1.0
    """

    checked: tuple[tuple[str, int], ...]
    heads: tuple[tuple[str, str], ...]
    broken: tuple[BrokenLink, ...] = ()
    integrity: str = "ok"

    @property
    def is_intact(self) -> bool:
        """
        Whether the file is sound and every chain verifies.
        """
        return not self.broken and self.integrity == "ok"

    @property
    def first_broken(self) -> BrokenLink | None:
        """
        The first broken link found, if any.
        """
        return self.broken[0] if self.broken else None


def _digest(fields: Mapping[str, Any] | str) -> str:
    return fields if isinstance(fields, str) else row_digest(fields)


def first_break(
    table: str,
    rows: Iterable[tuple[int, Mapping[str, Any] | str, object]],
    secret: bytes | None = None,
) -> tuple[int, str, BrokenLink | None]:
    """
    Walk *rows* ``(seq, hashed fields, stored link)`` in order; the first one that breaks.

    A purged row's stub stands in with its stored digest in place of the hashed fields.

    Returns:
        How many rows were checked, the last good link, and the first broken link or
        ``None`` when the chain is whole (sequence numbers 1, 2, 3... without a gap).
    """
    previous, expected, count = GENESIS, 1, 0
    for seq, fields, link in rows:
        count += 1
        if seq != expected:
            return count, previous, BrokenLink(table, expected, "a row is missing")
        if not isinstance(link, str) or not hmac.compare_digest(
            link.encode("ascii", "replace"),
            next_link(previous, _digest(fields), secret).encode(),
        ):
            return count, previous, BrokenLink(table, seq, "the link does not match the row")
        previous, expected = link, expected + 1
    return count, previous, None
