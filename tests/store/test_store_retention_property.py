"""
Purging keeps exactly what is within its period: a property over random records and periods.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pendulum
from hypothesis import given, settings
from hypothesis import strategies as st

import personal_touch as pt
from personal_touch.store import (
    DecisionRecord,
    Period,
    Record,
    RetentionPolicy,
    RetentionRule,
    SQLiteStore,
)
from personal_touch.store import _tables as tables

AT = pendulum.datetime(2026, 12, 1, 12, tz="UTC")
KEYS = ("web", "web.visits", "travel.trip", "name")
ZONES = ("UTC", "Europe/Berlin", "America/New_York")
CHANNELS = (pt.Channel.EMAIL, pt.Channel.PHONE, pt.Channel.SMS)
KINDS = tuple(pt.InteractionKind)

lengths = st.builds(
    Period, days=st.integers(0, 1500), months=st.integers(0, 14), years=st.integers(0, 2)
)
periods = st.none() | lengths


@st.composite
def instants(draw: st.DrawFn) -> pendulum.DateTime:
    """An instant up to about eight years before AT, in one of a few zones."""
    days = draw(st.integers(0, 3000))
    minutes = draw(st.sampled_from((0, 1, 720)))
    return AT.subtract(days=days, minutes=minutes).in_timezone(draw(st.sampled_from(ZONES)))


@st.composite
def policies(draw: st.DrawFn) -> RetentionPolicy:
    """A policy with a rule per provenance, per kind group, decisions and consent."""
    rules = [RetentionRule(id="f-prefix", record=Record.FACT, key_prefix="web", keep=draw(periods))]
    rules += [
        RetentionRule(id=f"f-{p.value}", record=Record.FACT, provenances={p}, keep=draw(periods))
        for p in pt.Provenance
        if draw(st.booleans())
    ]
    half = len(KINDS) // 2
    rules += [
        RetentionRule(id="i-a", record=Record.INTERACTION, kinds=KINDS[:half], keep=draw(periods)),
        RetentionRule(id="i-b", record=Record.INTERACTION, kinds=KINDS[half:], keep=draw(periods)),
        RetentionRule(id="d", record=Record.DECISION, keep=draw(periods)),
        RetentionRule(
            id="c-phone",
            record=Record.CONSENT,
            channels={pt.Channel.PHONE},
            after_use=draw(st.booleans()),
            keep=draw(lengths),
        ),
        RetentionRule(id="c", record=Record.CONSENT, keep=draw(lengths)),
    ]
    return RetentionPolicy(rules)


@st.composite
def grants(draw: st.DrawFn, i: int) -> pt.ConsentGrant:
    granted = draw(instants())
    ends = st.none() | instants().filter(lambda t: t >= granted)
    return pt.ConsentGrant(
        id=f"g{i}",
        contact_id=draw(st.sampled_from(("c1", "c2"))),
        purpose="marketing",
        channels=draw(st.frozensets(st.sampled_from(CHANNELS), max_size=2)),
        granted_at=granted,
        withdrawn_at=draw(st.one_of(ends, ends, instants().filter(lambda t: t >= granted))),
        expires_at=draw(ends),
    )


@st.composite
def stores(draw: st.DrawFn) -> dict[str, list[object]]:
    """Random facts, interactions, decisions and grants of two contacts."""
    n = st.integers(0, 6)
    facts = [
        (
            draw(st.sampled_from(("c1", "c2"))),
            pt.Fact(
                key=draw(st.sampled_from(KEYS)),
                value=i,
                provenance=draw(st.sampled_from(tuple(pt.Provenance))),
                recorded_at=draw(instants()),
            ),
        )
        for i in range(draw(n))
    ]
    interactions = [
        pt.Interaction(
            contact_id=draw(st.sampled_from(("c1", "c2"))),
            kind=draw(st.sampled_from(KINDS)),
            at=draw(instants()),
            channel=draw(st.none() | st.sampled_from(CHANNELS)),
            message_id=f"m{i}",
        )
        for i in range(draw(n))
    ]
    decisions = [
        DecisionRecord(
            decision_id=f"d{i}",
            contact_id="c1",
            at=draw(instants()),
            verdict="allow",
            level="generic",
        )
        for i in range(draw(n))
    ]
    return {
        "facts": facts,
        "interactions": interactions,
        "decisions": decisions,
        "grants": [draw(grants(i)) for i in range(draw(n))],
    }


def _expired(rule: RetentionRule | None, anchor: pendulum.DateTime) -> bool:
    return rule is not None and rule.keep is not None and anchor < rule.keep.start(AT)


def _last_use(
    policy: RetentionPolicy, data: dict[str, list[object]], grant: pt.ConsentGrant
) -> pendulum.DateTime | None:
    """The latest touch on the grant's channels that the purge keeps."""
    found = [
        i.at
        for i in data["interactions"]
        if isinstance(i, pt.Interaction)
        and not _expired(policy.for_interaction(i.kind), i.at)
        and i.contact_id == grant.contact_id
        and i.kind.is_touch
        and (not grant.channels or i.channel is None or i.channel in grant.channels)
    ]
    return max(found, default=None)


def _grant_expired(
    policy: RetentionPolicy, data: dict[str, list[object]], g: pt.ConsentGrant
) -> bool:
    ends = [t for t in (g.withdrawn_at, g.expires_at) if t is not None]
    if not ends:
        return False
    rule = policy.for_grant(g.channels)
    anchor = min(ends)
    use = _last_use(policy, data, g)
    if rule is not None and rule.after_use and use is not None:
        anchor = max(anchor, use)
    return _expired(rule, anchor)


def _fill(store: SQLiteStore, data: dict[str, list[object]]) -> None:
    for contact_id, fact in data["facts"]:  # type: ignore[misc]
        store.add_fact(contact_id, fact)
    for interaction in data["interactions"]:
        store.add_interaction(interaction)  # type: ignore[arg-type]
    with store._conns.writing() as conn:
        for record in data["decisions"]:
            tables.insert_decision(conn, record)  # type: ignore[arg-type]
    store.record_consents(data["grants"], recorded_at=AT)  # type: ignore[arg-type]


class TestPurgeProperty:
    @settings(max_examples=60, deadline=None)
    @given(data=stores(), policy=policies())
    def test_nothing_past_its_period_remains_and_everything_within_does(
        self, data: dict[str, list[object]], policy: RetentionPolicy
    ) -> None:
        """After purge(at=T) a record remains exactly when it is within its rule's period."""
        with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "p.db") as store:
            _fill(store, data)
            report = store.purge(at=AT, policy=policy)
            again = store.purge(at=AT, policy=policy)
            kept_facts = {f.value for c in ("c1", "c2") for f in store.facts(c)}
            kept_touches = {i.message_id for c in ("c1", "c2") for i in store.interactions(c)}
            kept_decisions = {d.decision_id for d in store.decisions("c1")}
            kept_grants = {e.grant.id for e in store.events()}
            verified = store.verify()
        expect_facts = {
            f.value
            for _, f in data["facts"]  # type: ignore[misc]
            if not _expired(policy.for_fact(f.key, f.provenance), f.recorded_at)
        }
        expect_touches = {
            i.message_id
            for i in data["interactions"]
            if isinstance(i, pt.Interaction) and not _expired(policy.for_interaction(i.kind), i.at)
        }
        expect_decisions = {
            d.decision_id
            for d in data["decisions"]
            if isinstance(d, DecisionRecord) and not _expired(policy.for_decision(), d.at)
        }
        expect_grants = {
            g.id
            for g in data["grants"]
            if isinstance(g, pt.ConsentGrant) and not _grant_expired(policy, data, g)
        }
        assert expect_facts == kept_facts
        assert expect_touches == kept_touches
        assert expect_decisions == kept_decisions
        assert expect_grants == kept_grants
        assert verified.is_intact, verified.broken
        assert () == again.removals
        removed = len(data["facts"]) + len(data["interactions"]) + len(data["decisions"])
        kept = len(kept_facts) + len(kept_touches) + len(kept_decisions)
        assert removed - kept == report.total - report.count(Record.CONSENT)
