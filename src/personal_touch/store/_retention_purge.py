"""
Purging a store: find what each retention rule says has expired, remove it, report it.

Everything is decided from one snapshot before anything is removed, then removed in the
caller's transaction.  A grant's last use is the latest touch this purge keeps (a use counts
while its record is kept, so purging again at the same instant removes nothing): facts,
interactions and decision-log rows are deleted; a grant's consent events, all at once when
its proof period has passed, are replaced by chain stubs (:mod:`._retention_chain`) and a
record of the purge is appended to the chained purge log.  Suppressions are never touched.
A record is past its period at ``at`` when its anchor is before ``rule.keep.start(at)``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .._channels import Channel
from .._consent import ConsentGrant
from .._consent._grant import row
from .._consent._instants import NEVER, micros
from .._facts import Provenance
from .._interactions import InteractionKind
from . import _retention_chain as chain
from ._consent_rows import COLUMNS
from ._retention import Record, RetentionPolicy, RetentionRule
from ._retention_report import PurgeReport, Removal
from ._rows import read_many, stamp

if TYPE_CHECKING:
    import pendulum

    from ._dialect import Connection

__all__ = ["purge"]

#: ``(seq, contact id)`` of the rows each rule removes.
Doomed = dict[RetentionRule, list[tuple[int, str]]]
#: The latest touch of each contact on each channel (``None``: a touch with no channel).
Uses = dict[str, dict[Channel | None, int]]
_TABLES = {Record.FACT: "facts", Record.INTERACTION: "interactions", Record.DECISION: "decisions"}


def _us(text: str) -> int:
    # A stored stamp (ISO 8601 with offset, maybe a ``[Zone/Name]`` suffix) in microseconds.
    return micros(dt.datetime.fromisoformat(text.partition("[")[0]))


class _Cutoffs:
    """The start of each rule's period at one instant, in microseconds, computed once."""

    def __init__(self, at: pendulum.DateTime) -> None:
        self.at = at
        self._found: dict[RetentionRule, int] = {}

    def expired(self, rule: RetentionRule | None, anchor: float) -> bool:
        if rule is None or rule.keep is None:
            return False
        start = self._found.get(rule)
        if start is None:
            start = self._found[rule] = micros(rule.keep.start(self.at))
        return anchor < start


def _facts(conn: Connection, policy: RetentionPolicy, cut: _Cutoffs, out: Doomed) -> None:
    rules: dict[tuple[str, str], RetentionRule | None] = {}
    for seq, contact_id, key, provenance, recorded in conn.execute(
        "SELECT seq, contact_id, key, provenance, recorded_at FROM facts ORDER BY seq"
    ):
        if (key, provenance) not in rules:
            rules[key, provenance] = policy.for_fact(key, Provenance(provenance))
        rule = rules[key, provenance]
        if rule is not None and cut.expired(rule, _us(recorded)):
            out[rule].append((seq, contact_id))


def _interactions(conn: Connection, policy: RetentionPolicy, cut: _Cutoffs, out: Doomed) -> Uses:
    uses: Uses = defaultdict(dict)
    rules = {k: policy.for_interaction(k) for k in InteractionKind}
    for seq, contact_id, at_us, text in conn.execute(
        "SELECT seq, contact_id, at_us, body FROM interactions ORDER BY seq"
    ):
        data = json.loads(text)
        kind = InteractionKind(data["kind"])
        rule = rules[kind]
        if rule is not None and cut.expired(rule, at_us):
            out[rule].append((seq, contact_id))
        elif kind.is_touch:  # a use counts while its record is kept
            channel = None if data.get("channel") is None else Channel(data["channel"])
            seen = uses[contact_id]
            seen[channel] = max(seen.get(channel, at_us), at_us)
    return uses


def _decisions(conn: Connection, policy: RetentionPolicy, cut: _Cutoffs, out: Doomed) -> None:
    rule = policy.for_decision()
    if rule is None or rule.keep is None:
        return
    for seq, contact_id, at in conn.execute("SELECT seq, contact_id, at FROM decisions"):
        if cut.expired(rule, _us(at)):
            out[rule].append((seq, contact_id))


def _last_use(uses: dict[Channel | None, int], channels: frozenset[Channel]) -> float:
    found = [at for ch, at in uses.items() if not channels or ch is None or ch in channels]
    return max(found, default=-NEVER)


def _consents(
    conn: Connection, policy: RetentionPolicy, cut: _Cutoffs, uses: Uses, out: Doomed
) -> None:
    seqs: dict[tuple[str, str], list[int]] = defaultdict(list)
    last: dict[tuple[str, str], tuple[int, str]] = {}
    for seq, contact_id, grant_id, text in conn.execute(
        "SELECT seq, contact_id, grant_id, body FROM consent_events ORDER BY seq"
    ):
        seqs[contact_id, grant_id].append(seq)
        last[contact_id, grant_id] = (seq, text)
    latest = read_many(list(last.values()), ConsentGrant, "consent_events")
    for (contact_id, grant_id), grant in zip(last, latest, strict=True):
        channels, end = row(grant)[1], row(grant)[3]
        rule = policy.for_grant(channels)
        if rule is None or end == NEVER:
            continue
        anchor = end
        if rule.after_use:
            anchor = max(anchor, _last_use(uses.get(contact_id, {}), channels))
        if cut.expired(rule, anchor):
            out[rule].extend((s, contact_id) for s in seqs[contact_id, grant_id])


def _remove(conn: Connection, doomed: Doomed) -> list[int]:
    stubbed: list[int] = []
    for rule, found in doomed.items():
        seqs = sorted(s for s, _ in found)
        if rule.record is Record.CONSENT:
            chain.stub(conn, "consent_events", COLUMNS, seqs)
            stubbed += seqs
        else:
            table = _TABLES[rule.record]
            conn.executemany(f"DELETE FROM {table} WHERE seq = ?", [(s,) for s in seqs])
    return sorted(stubbed)


def _report(
    policy: RetentionPolicy, at: pendulum.DateTime, doomed: Doomed, *, dry_run: bool
) -> PurgeReport:
    removals: Iterable[Removal] = (
        Removal(
            rule=r.id,
            record=r.record,
            count=len(doomed[r]),
            contact_ids=[c for _, c in doomed[r]],
            keep=str(r.keep),
            citation=r.citation,
        )
        for r in policy.rules
        if doomed.get(r)
    )
    return PurgeReport(at=at, removals=tuple(removals), dry_run=dry_run)


def purge(
    conn: Connection,
    policy: RetentionPolicy,
    at: pendulum.DateTime,
    *,
    dry_run: bool,
    secret: bytes | None,
) -> PurgeReport:
    """
    Remove what *policy* says has expired at *at*, in the caller's transaction; the report.

    With *dry_run*, remove nothing and report what would go.
    """
    cut = _Cutoffs(at)
    doomed: Doomed = defaultdict(list)
    _facts(conn, policy, cut, doomed)
    uses = _interactions(conn, policy, cut, doomed)
    _decisions(conn, policy, cut, doomed)
    _consents(conn, policy, cut, uses, doomed)
    report = _report(policy, at, doomed, dry_run=dry_run)
    if dry_run or not report.removals:
        return report
    stubbed = _remove(conn, doomed)
    record = {**report.summary(), "stubbed": {"consent_events": stubbed}}
    seq = chain.append_purge(conn, stamp(at), record, secret)
    return PurgeReport(at=at, removals=report.removals, purge_seq=seq)
