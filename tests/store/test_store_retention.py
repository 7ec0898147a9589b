"""
Retention: the policy as data, the default and its pack, and what purge() keeps and reports.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pendulum
import pytest

import personal_touch as pt
from personal_touch import exceptions as ex
from personal_touch.packs import eu
from personal_touch.rules import DocumentedConsent, ProofRetention
from personal_touch.store import (
    LIMITATION,
    Period,
    PurgeReport,
    Record,
    RetentionPolicy,
    RetentionRule,
    SQLiteStore,
    default_retention,
    verify_bundle,
)

T0 = pendulum.datetime(2018, 3, 1, tz="UTC")
NOW = pendulum.datetime(2026, 12, 1, tz="UTC")
SECRET_VALUE = "loves-sailing-in-kiel"


def grant(gid: str, contact_id: str = "c1", **kw: object) -> pt.ConsentGrant:
    return pt.ConsentGrant(id=gid, contact_id=contact_id, purpose="marketing", granted_at=T0, **kw)  # type: ignore[arg-type]


def withdrawn(gid: str, contact_id: str = "c1", **kw: object) -> list[pt.ConsentGrant]:
    """A grant given at T0 and withdrawn a month later: two versions, two events."""
    given = grant(gid, contact_id, **kw)
    return [given, given.withdraw(at=T0.add(months=1))]


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    return SQLiteStore(tmp_path / "pt.db")


class TestPeriod:
    def test_start_counts_back_in_calendar_units(self) -> None:
        """A period ends at `at` and starts that many years, months and days before it."""
        at = pendulum.datetime(2026, 3, 31, 10, tz="Europe/Berlin")
        assert pendulum.datetime(2025, 2, 27, 8, tz="UTC") == Period(
            years=1, months=1, days=1
        ).start(at)

    def test_words(self) -> None:
        """A period reads as words."""
        assert "1 year 2 months" == str(Period(years=1, months=2))
        assert "no time" == str(Period())

    def test_negative_refused(self) -> None:
        """A negative length is refused, naming the field."""
        with pytest.raises(ex.InvalidFieldError) as info:
            Period(days=-1)
        assert "days" == info.value.field


class TestRules:
    def test_fields_of_another_record_are_refused(self) -> None:
        """A rule refuses a selector that does not apply to its kind of record."""
        with pytest.raises(ex.InvalidFieldError) as info:
            RetentionRule(id="x", record=Record.DECISION, kinds={"sent"})
        assert "kinds" == info.value.field

    def test_ids_are_unique(self) -> None:
        """A policy refuses two rules with one id."""
        rule = RetentionRule(id="x", record="decision")
        with pytest.raises(ex.InvalidFieldError):
            RetentionPolicy([rule, rule])

    def test_first_covering_rule_governs(self) -> None:
        """A record is governed by the first rule that covers it; none covers: kept."""
        policy = RetentionPolicy(
            [
                RetentionRule(id="trips", record="fact", key_prefix="travel", keep=Period(days=9)),
                RetentionRule(id="seen", record="fact", provenances={"observed"}),
            ]
        )
        assert "trips" == policy.for_fact("travel.trip", pt.Provenance.OBSERVED).id  # type: ignore[union-attr]
        assert "seen" == policy.for_fact("travelling", pt.Provenance.OBSERVED).id  # type: ignore[union-attr]
        assert policy.for_fact("name", pt.Provenance.STATED) is None
        assert policy.for_decision() is None

    def test_a_grant_for_every_channel_is_covered_by_a_channel_rule(self) -> None:
        """A channel rule covers grants on its channels and grants for every channel."""
        rule = RetentionRule(id="p", record="consent", channels={"phone"})
        assert rule.covers_grant(frozenset())
        assert rule.covers_grant(frozenset({pt.Channel.PHONE, pt.Channel.SMS}))
        assert not rule.covers_grant(frozenset({pt.Channel.EMAIL}))


class TestDefault:
    def test_pack_retention_is_honoured(self) -> None:
        """The German pack's proof period (5 years, after each use) shapes the phone rule."""
        documented = next(r for r in eu.DE_RULES if isinstance(r, DocumentedConsent))
        assert ProofRetention(years=5, after_use=True) == documented.retention
        assert "5 years from grant and after each use" == str(documented.retention)
        rule = default_retention().for_grant(frozenset({pt.Channel.PHONE}))
        assert rule is not None
        assert rule.after_use
        assert LIMITATION == rule.keep  # the longer of the pack's 5 years and limitation
        assert "UWG §7a" in rule.citation

    def test_without_packs_phone_proof_counts_from_the_end(self) -> None:
        """With no pack, consent proof is kept the limitation period after the grant ended."""
        rule = default_retention(packs=()).for_grant(frozenset({pt.Channel.PHONE}))
        assert rule is not None
        assert not rule.after_use

    def test_stated_facts_and_opt_outs_are_kept(self) -> None:
        """Stated facts and opt-outs have no period in the default."""
        policy = default_retention()
        assert policy.for_fact("name", pt.Provenance.STATED).keep is None  # type: ignore[union-attr]
        assert policy.for_interaction(pt.InteractionKind.UNSUBSCRIBED).keep is None  # type: ignore[union-attr]
        assert Period(days=90) == policy.for_fact("x", pt.Provenance.INFERRED).keep  # type: ignore[union-attr]


class TestPurge:
    def test_removes_what_expired_and_reports_why(self, store: SQLiteStore) -> None:
        """Expired facts, interactions and proofs go; the report counts by rule, ids only."""
        store.record_consents([grant("kept", "c2"), *withdrawn("gone")], recorded_at=T0)
        store.add_fact(
            "c1", pt.Fact(key="hobby", value=SECRET_VALUE, provenance="observed", recorded_at=T0)
        )
        store.add_fact("c1", pt.Fact(key="name", value="Ada", provenance="stated", recorded_at=T0))
        store.add_interaction(pt.Interaction(contact_id="c1", kind="opened", at=T0))
        store.add_interaction(pt.Interaction(contact_id="c1", kind="unsubscribed", at=T0))
        report = store.purge(at=NOW)
        assert {
            "consent-proof:DE-UWG-7A-01": 2,
            "facts-observed": 1,
            "interactions-engagement": 1,
        } == {r.rule: r.count for r in report.removals}
        assert all(("c1",) == r.contact_ids for r in report.removals)
        assert SECRET_VALUE not in repr(report)
        assert SECRET_VALUE not in repr(report.summary())
        assert ["kept"] == [e.grant.id for e in store.events()]
        assert ["name"] == [f.key for f in store.facts("c1")]
        assert [pt.InteractionKind.UNSUBSCRIBED] == [i.kind for i in store.interactions("c1")]
        assert 1 == report.purge_seq

    def test_idempotent(self, store: SQLiteStore) -> None:
        """Purging again at the same instant removes nothing and logs nothing."""
        store.record_consents(withdrawn("g"), recorded_at=T0)
        first, second = store.purge(at=NOW), store.purge(at=NOW)
        assert 2 == first.total
        assert PurgeReport(at=NOW) == second

    def test_dry_run_removes_nothing(self, store: SQLiteStore) -> None:
        """A dry run reports what would go and removes nothing."""
        store.record_consents(withdrawn("g"), recorded_at=T0)
        report = store.purge(at=NOW, dry_run=True)
        assert report.dry_run
        assert 2 == report.total
        assert report.purge_seq is None
        assert 2 == len(store.events())
        assert ("purges", 0) in store.verify().checked

    def test_within_period_everything_stays(self, store: SQLiteStore) -> None:
        """A grant that ended less than its period ago keeps every event."""
        store.record_consents(withdrawn("g"), recorded_at=T0)
        assert () == store.purge(at=T0.add(years=6)).removals
        assert 2 == store.purge(at=T0.add(years=6, months=1, days=1)).total

    def test_a_recent_use_keeps_phone_proof(self, store: SQLiteStore) -> None:
        """Phone consent proof is kept the period after its last use (UWG §7a)."""
        store.record_consents(withdrawn("g", channels={"phone"}), recorded_at=T0)
        call = T0.add(years=2)
        store.add_interaction(
            pt.Interaction(contact_id="c1", kind="called", at=call, channel="phone")
        )
        assert 0 == store.purge(at=T0.add(years=7)).count(Record.CONSENT)
        assert 2 == store.purge(at=call.add(years=6, days=1)).count(Record.CONSENT)

    def test_a_use_counts_while_its_record_is_kept(self, store: SQLiteStore) -> None:
        """A touch purged by its own rule no longer extends a proof: one purge, then none."""
        policy = RetentionPolicy(
            [
                RetentionRule(
                    id="calls", record="interaction", kinds={"called"}, keep=Period(years=1)
                ),
                RetentionRule(id="proof", record="consent", keep=Period(years=6), after_use=True),
            ]
        )
        store.record_consents(withdrawn("g", channels={"phone"}), recorded_at=T0)
        store.add_interaction(
            pt.Interaction(contact_id="c1", kind="called", at=T0.add(years=2), channel="phone")
        )
        first = store.purge(at=T0.add(years=7), policy=policy)
        assert {"calls": 1, "proof": 2} == {r.rule: r.count for r in first.removals}
        assert 0 == store.purge(at=T0.add(years=7), policy=policy).total

    def test_grants_in_force_are_kept(self, store: SQLiteStore) -> None:
        """A grant that never ended keeps its proof, however old."""
        store.record_consent(grant("g"), recorded_at=T0)
        assert 0 == store.purge(at=T0.add(years=40)).total

    def test_suppressions_are_never_removed(self, store: SQLiteStore) -> None:
        """No rule removes a suppression."""
        store.add_suppression(pt.Suppression(contact_id="c1", since=T0), recorded_at=T0)
        store.purge(at=T0.add(years=40), policy=RetentionPolicy([]))
        store.purge(at=T0.add(years=40))
        assert 1 == len(store.suppressions())

    def test_bad_policy_refused(self, store: SQLiteStore) -> None:
        """A policy that is not a RetentionPolicy is refused."""
        with pytest.raises(ex.InvalidFieldError):
            store.purge(at=NOW, policy=[])  # type: ignore[arg-type]
        with pytest.raises(ex.NaiveDateTimeError):
            store.purge(at=NOW.naive())  # type: ignore[arg-type]

    def test_cached_ledger_forgets_purged_grants(self, store: SQLiteStore) -> None:
        """The ledger cache is dropped when a purge removed grants."""
        store.record_consents(withdrawn("g"), recorded_at=T0)
        assert store.is_granted("c1", "marketing", at=T0.add(days=1))
        store.purge(at=NOW)
        assert not store.is_granted("c1", "marketing", at=T0.add(days=1))


class TestChainAfterPurge:
    def test_verifies_and_appends_continue(self, store: SQLiteStore) -> None:
        """The chain verifies after the last rows were purged, and new events follow them."""
        store.record_consents([grant("a"), *withdrawn("b")], recorded_at=T0)
        head = dict(store.verify().heads)["consent_events"]
        store.purge(at=NOW)
        report = store.verify()
        assert report.is_intact, report.broken
        assert head == dict(report.heads)["consent_events"]
        event = store.record_consent(grant("c"), recorded_at=NOW)
        assert 4 == event.seq
        assert store.verify().is_intact

    def test_a_keyed_chain_verifies_after_a_purge(self, tmp_path: Path) -> None:
        """With an HMAC secret, the chain and the purge log verify after a purge."""
        with SQLiteStore(tmp_path / "k.db", secret=b"k") as keyed:
            keyed.record_consents([*withdrawn("a"), grant("b")], recorded_at=T0)
            assert 2 == keyed.purge(at=NOW).total
            assert keyed.verify().is_intact
            head = dict(keyed.verify().heads)["consent_events"]
            assert verify_bundle(keyed.export_proof("b"), secret=b"k", head=head).is_intact

    def test_other_proofs_still_reach_the_head(self, store: SQLiteStore) -> None:
        """A kept grant's proof bundle verifies across purged rows."""
        store.record_consents(
            [*withdrawn("old"), grant("kept"), *withdrawn("older")], recorded_at=T0
        )
        store.purge(at=NOW)
        store.record_consent(grant("new"), recorded_at=NOW)
        head = dict(store.verify().heads)["consent_events"]
        assert verify_bundle(store.export_proof("kept"), head=head).is_intact
        assert verify_bundle(store.export_proof("new"), head=head).is_intact
        with pytest.raises(ex.ConsentStateError):
            store.export_proof("old")

    def test_a_row_removed_outside_a_purge_is_reported(self, store: SQLiteStore) -> None:
        """A row swapped for a stub behind the store's back breaks verify()."""
        store.record_consents([grant("a"), grant("b")], recorded_at=T0)
        with closing(sqlite3.connect(store.path)) as conn, conn:
            seq, link = conn.execute(
                "SELECT seq, link FROM consent_events WHERE seq = 1"
            ).fetchone()
            from personal_touch.store import _consent_rows, _retention_chain

            digest = next(_retention_chain.digests(conn, "consent_events", _consent_rows.COLUMNS))[
                1
            ]
            conn.execute("DELETE FROM consent_events WHERE seq = 1")
            conn.execute(
                "INSERT INTO chain_stubs (chain, seq, digest, link) VALUES (?, ?, ?, ?)",
                ("consent_events", seq, digest, link),
            )
        broken = store.verify().first_broken
        assert broken is not None
        assert ("consent_events", 1, "a row was removed outside a purge") == (
            broken.table,
            broken.seq,
            broken.problem,
        )

    def test_a_stub_beside_a_row_is_reported(self, store: SQLiteStore) -> None:
        """A stub standing beside the row it would replace breaks the chain."""
        store.record_consent(grant("a"), recorded_at=T0)
        with closing(sqlite3.connect(store.path)) as conn, conn:
            conn.execute(
                "INSERT INTO chain_stubs (chain, seq, digest, link) VALUES ('consent_events', 1, 'x', 'y')"
            )
        broken = store.verify().first_broken
        assert broken is not None
        assert "consent_events" == broken.table

    def test_the_purge_log_is_chained(self, store: SQLiteStore) -> None:
        """Editing the purge log breaks its chain."""
        store.record_consents(withdrawn("g"), recorded_at=T0)
        store.purge(at=NOW)
        with closing(sqlite3.connect(store.path)) as conn, conn:
            conn.execute("UPDATE purges SET body = 'not json'")
        broken = {b.table: b.problem for b in store.verify().broken}
        assert "the link does not match the row" == broken["purges"]
        assert "a row was removed outside a purge" == broken["consent_events"]
