"""
Proof bundles: one grant's consent events with the chain links that tie them to the store.

A bundle is JSON a third party can check without the database (see
``docs/howto/prove-consent.md`` for the procedure step by step).  It holds the grant's events
in full (every stored column: the grant version with its evidence and notice, when it
happened, when we recorded it, its link), and for every row of the chain from the first
event to the head only the row's digest, so other people's consent never leaves the store.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ..converters import parse_json
from ..exceptions import ConsentStateError, InvalidInputError
from . import _consent_rows as consent
from . import _retention_chain
from ._chain import GENESIS, BrokenLink, algorithm, canonical, next_link, row_digest

if TYPE_CHECKING:
    from ._dialect import Connection

__all__ = ["FORMAT", "BundleReport", "export_proof", "verify_bundle"]

#: The ``format`` of a bundle this release writes and reads.
FORMAT = "personal_touch.consent-proof/1"
_TABLE = "consent_events"


def export_proof(conn: Connection, grant_id: str, *, secret: bytes | None) -> str:
    """
    The proof bundle of *grant_id* as JSON text, read in the caller's read transaction.

    Raises:
        ConsentStateError: No event records *grant_id*.
    """
    events = consent.rows(conn, grant_id=grant_id)
    if not events:
        raise ConsentStateError(grant_id, "no consent event records this grant")
    first = events[0]["seq"]
    start: dict[str, Any] = {"seq": 0, "link": GENESIS}
    head, chain = start, []
    for seq, digest, link in _retention_chain.digests(conn, _TABLE, consent.COLUMNS, first - 1):
        if seq < first:
            start = {"seq": seq, "link": link}
        else:
            chain.append({"seq": seq, "digest": digest})
        head = {"seq": seq, "link": link}
    bundle = {
        "format": FORMAT,
        "algorithm": algorithm(secret),
        "table": _TABLE,
        "grant_id": grant_id,
        "events": events,
        "start": start,
        "chain": chain,
        "head": head,
    }
    return canonical(bundle).decode()


@attrs.frozen
class BundleReport:
    """
    What :func:`verify_bundle` found.

    Attributes:
        grant_id: The grant the bundle proves.
        events: How many of its events were checked.
        head: The chain's head link the bundle leads to: compare it with a head you trust.
        broken: The first broken link, or ``None`` when the bundle verifies.

    .. versionadded:: 0.1.0
    """

    grant_id: str
    events: int
    head: str
    broken: BrokenLink | None = None

    @property
    def is_intact(self) -> bool:
        """
        Whether every event and link verified.
        """
        return self.broken is None


def _walk(bundle: Mapping[str, Any], secret: bytes | None) -> tuple[str, BrokenLink | None]:
    by_seq = {e["seq"]: e for e in bundle["events"]}
    columns = consent.COLUMNS
    seq, link = int(bundle["start"]["seq"]), str(bundle["start"]["link"])
    for entry in bundle["chain"]:
        seq += 1
        if entry["seq"] != seq:
            return link, BrokenLink(_TABLE, seq, "a row is missing")
        digest = str(entry["digest"])
        event = by_seq.pop(seq, None)
        if event is not None:
            if event.get("grant_id") != bundle["grant_id"]:
                return link, BrokenLink(_TABLE, seq, "the event is for another grant")
            if row_digest({c: event.get(c) for c in columns}) != digest:
                return link, BrokenLink(_TABLE, seq, "the event does not match its digest")
        link = next_link(link, digest, secret)
        if event is not None and not hmac.compare_digest(str(event.get("link")), link):
            return link, BrokenLink(_TABLE, seq, "the link does not match the row")
    if by_seq:
        return link, BrokenLink(_TABLE, min(by_seq), "the event is outside the chain")
    if bundle["head"] != {"seq": seq, "link": link}:
        return link, BrokenLink(_TABLE, seq, "the head does not match the chain")
    return link, None


def verify_bundle(
    text: str | bytes, *, secret: bytes | None = None, head: str | None = None
) -> BundleReport:
    """
    Re-verify a proof bundle from :meth:`SQLiteStore.export_proof`, without the store.

    Recomputes each event's digest from its columns, every link from the bundle's start to
    its head, and checks the events' own links on the way.  Pass the *head* link you trust
    (published or kept apart from the store when the bundle was made, or read from the
    store's :meth:`~SQLiteStore.verify` report) to tie the bundle to that chain.

    Args:
        text: The bundle's JSON.
        secret: The secret the store's chain is keyed with, if it is.
        head: A head link you trust; the bundle must lead to it.

    Raises:
        InvalidInputError: *text* is not a bundle of this format.

    .. versionadded:: 0.1.0
    """
    bundle = parse_json(text, what="proof bundle")
    try:
        if bundle["format"] != FORMAT:
            raise InvalidInputError(["not a known bundle format @ $.format"], what="bundle")
        if bundle["algorithm"] != algorithm(secret):
            raise InvalidInputError(
                ["does not match the secret given (or not given) @ $.algorithm"], what="bundle"
            )
        link, broken = _walk(bundle, secret)
        grant_id, count = str(bundle["grant_id"]), len(bundle["events"])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        if isinstance(exc, InvalidInputError):
            raise
        problem = "not a proof bundle @ $"
    else:
        if broken is None and head is not None and not hmac.compare_digest(head, link):
            broken = BrokenLink(_TABLE, int(bundle["head"]["seq"]), "not the trusted head")
        return BundleReport(grant_id, count, link, broken)
    raise InvalidInputError([problem], what="proof bundle")
