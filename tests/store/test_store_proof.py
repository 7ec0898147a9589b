"""
A proof bundle for one grant re-verifies without the store, and shows any change.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pendulum
import pytest
from store_backends import BACKENDS, StoreFactory

import personal_touch as pt
from personal_touch import exceptions as ex
from personal_touch.store import FORMAT, SQLiteStore, verify_bundle

if TYPE_CHECKING:
    from personal_touch.store._core import StoreCore

T0 = pendulum.datetime(2026, 3, 1, 12, tz="UTC")
EVIDENCE = pt.Evidence(source="signup form v3", method="double_opt_in", notice_version="2026-02")


def make(s: StoreCore) -> StoreCore:
    """Six events of six grants (one withdrawn) in *s*."""
    for i in range(5):
        s.record_consent(
            pt.ConsentGrant(
                id=f"g{i}",
                contact_id=f"contact-{i}",
                purpose="marketing",
                granted_at=T0,
                evidence=EVIDENCE,
            ),
            recorded_at=T0,
        )
    s.withdraw("contact-2", "g2", at=T0.add(days=3), recorded_at=T0.add(days=3))
    s.record_consent(
        pt.ConsentGrant(id="g9", contact_id="c9", purpose="survey", granted_at=T0),
        recorded_at=T0.add(days=4),
    )
    return s


class TestExport:
    def test_bundle_verifies(self, store_factory: StoreFactory) -> None:
        """The bundle of g2 verifies and leads to the store's head."""
        with make(store_factory()) as s:
            text = s.export_proof("g2")
            head = dict(s.verify().heads)["consent_events"]
        report = verify_bundle(text, head=head)
        assert report.is_intact
        assert ("g2", 2, head) == (report.grant_id, report.events, report.head)

    def test_bundle_holds_the_grant_and_digests_of_other_rows(
        self, store_factory: StoreFactory
    ) -> None:
        """The events of g2 are there in full (evidence, notice); other rows as digests only."""
        with make(store_factory()) as s:
            bundle = json.loads(s.export_proof("g2"))
        assert FORMAT == bundle["format"]
        assert [3, 6] == [e["seq"] for e in bundle["events"]]
        assert "2026-02" == json.loads(bundle["events"][0]["body"])["evidence"]["notice_version"]
        assert [3, 4, 5, 6, 7] == [c["seq"] for c in bundle["chain"]]
        assert {"seq", "digest"} == set(bundle["chain"][1])
        assert "contact-3" not in json.dumps(bundle)

    def test_unknown_grant(self, store_factory: StoreFactory) -> None:
        """Exporting a grant no event records is a ConsentStateError."""
        with make(store_factory()) as s, pytest.raises(ex.ConsentStateError):
            s.export_proof("nope")

    def test_keyed_bundle_needs_the_secret(self, store_factory: StoreFactory) -> None:
        """A keyed store's bundle verifies with the secret and is refused without it."""
        with make(store_factory(secret=b"k")) as s:
            text = s.export_proof("g0")
        assert verify_bundle(text, secret=b"k").is_intact
        assert not verify_bundle(text, secret=b"other").is_intact
        with pytest.raises(ex.InvalidInputError):
            verify_bundle(text)

    def test_every_backend_writes_the_same_bundle(self, tmp_path: Path) -> None:
        """The same appends give the same links and byte-identical bundles on every backend."""
        factories = [StoreFactory(backend, tmp_path) for backend in BACKENDS]
        try:
            stores = [make(factory(secret=b"k")) for factory in factories]
            bundles = {s.export_proof(g) for s in stores for g in ("g2",)}
            heads = {s.verify().heads for s in stores}
        finally:
            for factory in factories:
                factory.close()
        assert 1 == len(bundles)
        assert 1 == len(heads)
        assert verify_bundle(bundles.pop(), secret=b"k", head=dict(heads.pop())["consent_events"])


class TestTampering:
    @pytest.mark.parametrize(
        ("where", "problem"),
        [
            (lambda b: b["events"][0].update(recorded_at="2026-01-01T00:00:00+00:00"), "digest"),
            (lambda b: b["events"][1].update(kind="granted"), "digest"),
            (lambda b: b["chain"][2].update(digest="0" * 64), "link"),
            (lambda b: b["chain"].pop(1), "missing"),
            (lambda b: b["events"][0].update(link="1" * 64), "link"),
            (lambda b: b["head"].update(link="2" * 64), "head"),
        ],
    )
    def test_changes_are_found(self, tmp_path: Path, where: object, problem: str) -> None:
        """Changing an event, a digest, the chain or the head breaks the bundle."""
        with make(SQLiteStore(tmp_path / "pt.db")) as s:
            bundle = json.loads(s.export_proof("g2"))
        where(bundle)  # type: ignore[operator]
        report = verify_bundle(json.dumps(bundle))
        assert report.broken is not None
        assert problem in report.broken.problem

    def test_other_head_is_not_trusted(self, tmp_path: Path) -> None:
        """A bundle that does not lead to the trusted head is broken."""
        with make(SQLiteStore(tmp_path / "pt.db")) as s:
            text = s.export_proof("g2")
        report = verify_bundle(text, head="3" * 64)
        assert not report.is_intact

    @pytest.mark.parametrize("text", ["[]", '{"format": "other"}', "not json", "{}"])
    def test_not_a_bundle(self, text: str) -> None:
        """Text that is no bundle is an InvalidInputError."""
        with pytest.raises(ex.InvalidInputError):
            verify_bundle(text)
