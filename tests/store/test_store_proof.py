"""
A proof bundle for one grant re-verifies without the store, and shows any change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pendulum
import pytest

import personal_touch as pt
from personal_touch import exceptions as ex
from personal_touch.store import FORMAT, SQLiteStore, verify_bundle

T0 = pendulum.datetime(2026, 3, 1, 12, tz="UTC")
EVIDENCE = pt.Evidence(source="signup form v3", method="double_opt_in", notice_version="2026-02")


def make(path: Path, *, secret: bytes | None = None) -> SQLiteStore:
    s = SQLiteStore(path, secret=secret)
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
    def test_bundle_verifies(self, tmp_path: Path) -> None:
        """The bundle of g2 verifies and leads to the store's head."""
        with make(tmp_path / "pt.db") as s:
            text = s.export_proof("g2")
            head = dict(s.verify().heads)["consent_events"]
        report = verify_bundle(text, head=head)
        assert report.is_intact
        assert ("g2", 2, head) == (report.grant_id, report.events, report.head)

    def test_bundle_holds_the_grant_and_digests_of_other_rows(self, tmp_path: Path) -> None:
        """The events of g2 are there in full (evidence, notice); other rows as digests only."""
        with make(tmp_path / "pt.db") as s:
            bundle = json.loads(s.export_proof("g2"))
        assert FORMAT == bundle["format"]
        assert [3, 6] == [e["seq"] for e in bundle["events"]]
        assert "2026-02" == json.loads(bundle["events"][0]["body"])["evidence"]["notice_version"]
        assert [3, 4, 5, 6, 7] == [c["seq"] for c in bundle["chain"]]
        assert {"seq", "digest"} == set(bundle["chain"][1])
        assert "contact-3" not in json.dumps(bundle)

    def test_unknown_grant(self, tmp_path: Path) -> None:
        """Exporting a grant no event records is a ConsentStateError."""
        with make(tmp_path / "pt.db") as s, pytest.raises(ex.ConsentStateError):
            s.export_proof("nope")

    def test_keyed_bundle_needs_the_secret(self, tmp_path: Path) -> None:
        """A keyed store's bundle verifies with the secret and is refused without it."""
        with make(tmp_path / "pt.db", secret=b"k") as s:
            text = s.export_proof("g0")
        assert verify_bundle(text, secret=b"k").is_intact
        assert not verify_bundle(text, secret=b"other").is_intact
        with pytest.raises(ex.InvalidInputError):
            verify_bundle(text)


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
        with make(tmp_path / "pt.db") as s:
            bundle = json.loads(s.export_proof("g2"))
        where(bundle)  # type: ignore[operator]
        report = verify_bundle(json.dumps(bundle))
        assert report.broken is not None
        assert problem in report.broken.problem

    def test_other_head_is_not_trusted(self, tmp_path: Path) -> None:
        """A bundle that does not lead to the trusted head is broken."""
        with make(tmp_path / "pt.db") as s:
            text = s.export_proof("g2")
        report = verify_bundle(text, head="3" * 64)
        assert not report.is_intact

    @pytest.mark.parametrize("text", ["[]", '{"format": "other"}', "not json", "{}"])
    def test_not_a_bundle(self, text: str) -> None:
        """Text that is no bundle is an InvalidInputError."""
        with pytest.raises(ex.InvalidInputError):
            verify_bundle(text)
