"""
Data-subject rights on the SQLite store: export, erasure, rectification, restriction.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import personal_touch as pt
from personal_touch import exceptions as ex
from personal_touch.store import (
    EXPORT_FORMAT,
    PersonalDataExport,
    RightsEventKind,
    SQLiteStore,
)
from personal_touch.values import SuppressionReason

T0 = pendulum.datetime(2026, 3, 1, 9, tz="UTC")
SECRETS = (
    "Zephyrine",
    "Quillfeather",
    "zephyrine.q@example.org",
    "+49 151 2345 6789",
    "4915123456789",
    "xylophone-making",
    "note-about-the-visit",
    "Brightwater Ltd",
)


def person(contact_id: str = "c1", *, locale: str = "en") -> pt.Contact:
    return pt.Contact(
        id=contact_id,
        name=pt.Name("Zephyrine", "Quillfeather"),
        locale=locale,
        company="Brightwater Ltd",
        created_at=T0,
        contact_points=[
            pt.ContactPoint("email", "zephyrine.q@example.org"),
            pt.ContactPoint("sms", "+49 151 2345 6789"),
        ],
        facts=[pt.Fact(key="hobby", value="xylophone-making", provenance="stated", recorded_at=T0)],
    )


def filled(path: Path, contact_id: str = "c1", *, locale: str = "en") -> SQLiteStore:
    store = SQLiteStore(path)
    store.put_contact(person(contact_id, locale=locale))
    store.add_interaction(
        pt.Interaction(contact_id=contact_id, kind="sent", at=T0, topic="note-about-the-visit")
    )
    store.record_consent(
        pt.ConsentGrant(
            id=f"g-{contact_id}", contact_id=contact_id, purpose="marketing", granted_at=T0
        ),
        recorded_at=T0,
    )
    return store


MARKETING = pt.Message(purpose="marketing", channel="email")


def decide(store: SQLiteStore, contact: pt.Contact, at: pendulum.DateTime) -> pt.Decision:
    return pt.decide(
        contact,
        MARKETING,
        consents=store.ledger(contact.id),
        suppressions=store.suppressions(),
        at=at,
    )


class TestExport:
    def test_holds_everything_about_the_person(self, tmp_path: Path) -> None:
        """The export holds the contact, facts, events, history, and nothing of others."""
        store = filled(tmp_path / "pt.db")
        store.put_contact(person("c2"))
        export = store.export("c1", at=T0)
        assert "c1" == export.contact_id
        assert export.contact is not None
        assert () == export.contact.facts
        assert ["hobby"] == [f.key for f in export.facts]
        assert ["g-c1"] == [e.grant.id for e in export.consent_events]
        assert 1 == len(export.interactions)

    def test_json_round_trip(self, tmp_path: Path) -> None:
        """to_json then from_json gives the same export; the format key is always there."""
        store = filled(tmp_path / "pt.db")
        export = store.export("c1", at=T0)
        text = export.to_json()
        assert f'"format":"{EXPORT_FORMAT}"' in text
        assert export == PersonalDataExport.from_json(text)

    def test_empty_export_keeps_every_key(self, tmp_path: Path) -> None:
        """An unknown person's export still lists every key, empty."""
        with SQLiteStore(tmp_path / "pt.db") as store:
            data = json.loads(store.export("nobody", at=T0).to_json())
        assert None is data["contact"]
        assert [] == data["facts"] == data["interactions"] == data["requests"]

    def test_other_formats_are_refused(self) -> None:
        """A JSON without the export format is refused."""
        with pytest.raises(ex.InvalidInputError):
            PersonalDataExport.from_json('{"format": "other/9"}')
        with pytest.raises(ex.InvalidInputError):
            PersonalDataExport.from_json("not json")

    @pytest.mark.parametrize(
        ("locale", "words"),
        [
            ("en", "summary of the personal data"),
            ("de", "Zusammenfassung der personenbezogenen Daten"),
            ("fr", "résumé des données personnelles"),
            ("es", "resumen de los datos personales"),
            ("pt", "resumo dos dados pessoais"),
            ("ja", "summary of the personal data"),
        ],
    )
    def test_summary_speaks_the_contacts_language(
        self, tmp_path: Path, locale: str, words: str
    ) -> None:
        """The summary is written in the contact's language (English when unknown)."""
        store = filled(tmp_path / "pt.db", locale=locale)
        text = store.export("c1", at=T0).summary()
        assert words in text
        assert EXPORT_FORMAT in text

    def test_summary_of_an_erased_person(self, tmp_path: Path) -> None:
        """After erasure the summary says there is no profile, in English by default."""
        store = filled(tmp_path / "pt.db", locale="de")
        store.erase("c1", at=T0.add(days=1), reason="art17")
        text = store.export("c1", at=T0.add(days=2)).summary()
        assert "none (erased or never saved)" in text


class TestErase:
    def test_no_personal_value_remains_in_the_files(self, tmp_path: Path) -> None:
        """After erase, no personal value is in the database, its WAL or any file beside it."""
        path = tmp_path / "pt.db"
        store = filled(path)
        store.rectify("c1", at=T0, field="company", value="Brightwater Ltd")
        before = b"".join(f.read_bytes() for f in tmp_path.iterdir() if f.is_file())
        assert list(SECRETS[:3]) == [s for s in SECRETS[:3] if s.encode() in before]
        report = store.erase("c1", at=T0.add(days=1), reason="art17")
        assert report.compacted
        for _ in ("open", "closed"):  # the -wal file exists while the store is open
            raw = b"".join(f.read_bytes() for f in tmp_path.iterdir() if f.is_file())
            assert [] == [s for s in SECRETS if s.encode() in raw]
            store.close()

    def test_a_reader_delays_compaction(self, tmp_path: Path) -> None:
        """With another reader open the report says not compacted; erasing again finishes."""
        path = tmp_path / "pt.db"
        filled(path).close()
        store = SQLiteStore(path, timeout=0.2)
        reader = sqlite3.connect(path)
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM contacts").fetchone()
        try:
            assert not store.erase("c1", at=T0, reason="art17").compacted
        finally:
            reader.execute("COMMIT")
            reader.close()
        assert store.erase("c1", at=T0, reason="art17").compacted
        store.close()
        raw = b"".join(f.read_bytes() for f in tmp_path.iterdir() if f.is_file())
        assert [] == [s for s in SECRETS if s.encode() in raw]

    def test_chain_still_verifies(self, tmp_path: Path) -> None:
        """Erasure keeps every consent event, and the chain verifies."""
        store = filled(tmp_path / "pt.db")
        report = store.erase("c1", at=T0.add(days=1), reason="art17")
        assert 1 == report.consent_events_kept
        assert store.verify().is_intact
        assert 1 == len(store.events("c1"))

    def test_reimported_contact_is_suppressed(self, tmp_path: Path) -> None:
        """A contact re-created later with the same address is denied as suppressed."""
        store = filled(tmp_path / "pt.db")
        store.erase("c1", at=T0.add(days=1), reason="art17")
        again = pt.Contact(
            id="new-id",
            created_at=T0.add(days=2),
            contact_points=[pt.ContactPoint("sms", "+4915123456789")],
        )
        store.put_contact(again)
        store.record_consent(
            pt.ConsentGrant(id="g2", contact_id="new-id", purpose="marketing", granted_at=T0),
            recorded_at=T0.add(days=2),
        )
        decision = decide(store, again, T0.add(days=3))
        assert pt.Verdict.DENY == decision.verdict
        assert "suppressed" in [r.code for r in decision.reasons]

    def test_salted_digests_are_not_plain(self, tmp_path: Path) -> None:
        """The erasure's address entries are salted: not the plain SHA-256 digest."""
        store = filled(tmp_path / "pt.db")
        store.erase("c1", at=T0.add(days=1), reason="art17")
        digests = {s.address_digest for s in store.suppressions() if s.address_digest}
        assert 2 == len(digests)
        assert pt.Suppression.digest("zephyrine.q@example.org") not in digests

    def test_another_store_does_not_match(self, tmp_path: Path) -> None:
        """Two stores have different salts, so their erased digests differ."""
        a = filled(tmp_path / "a.db")
        b = filled(tmp_path / "b.db")
        for s in (a, b):
            s.erase("c1", at=T0.add(days=1), reason="art17")
        digests = [{x.address_digest for x in s.suppressions() if x.address_digest} for s in (a, b)]
        assert set() == digests[0] & digests[1]

    def test_secret_keys_the_salt(self, tmp_path: Path) -> None:
        """With an app secret, the digests depend on it (the file alone is not enough)."""
        plain = filled(tmp_path / "pt.db")
        plain.erase("c1", at=T0.add(days=1), reason="art17")
        plain.close()
        keyed = SQLiteStore(tmp_path / "pt.db", secret=b"app secret")
        again = SQLiteStore(tmp_path / "pt.db")
        assert keyed.suppressions().salt != again.suppressions().salt
        assert again.suppressions().salt == SQLiteStore(tmp_path / "pt.db").suppressions().salt

    def test_unsalted_entries_keep_working(self, tmp_path: Path) -> None:
        """Plain-digest suppressions added by the app still deny (backward compatible)."""
        store = filled(tmp_path / "pt.db")
        store.add_suppression(
            pt.Suppression.for_address("zephyrine.q@example.org", since=T0), recorded_at=T0
        )
        decision = decide(store, person(), T0.add(days=1))
        assert "suppressed" in [r.code for r in decision.reasons]

    @settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
    @given(times=st.integers(min_value=1, max_value=3))
    def test_idempotent(self, tmp_path_factory: pytest.TempPathFactory, times: int) -> None:
        """Erasing again removes and adds nothing, and the suppression list is unchanged."""
        path = tmp_path_factory.mktemp("erase") / "pt.db"
        store = filled(path)
        first = store.erase("c1", at=T0.add(days=1), reason="art17")
        entries = store.suppressions()
        for _ in range(times):
            again = store.erase("c1", at=T0.add(days=2), reason="art17")
            assert (False, 0, 0, 0) == (
                again.contact_removed,
                again.facts_removed,
                again.interactions_removed,
                again.suppressions_added,
            )
        assert 3 == first.suppressions_added
        assert entries == store.suppressions()
        assert RightsEventKind.ERASED == store.rights_events("c1")[-1].kind
        store.close()

    def test_reason_must_be_a_code(self, tmp_path: Path) -> None:
        """An empty reason is refused, naming the field."""
        with SQLiteStore(tmp_path / "pt.db") as store, pytest.raises(ex.InvalidFieldError) as info:
            store.erase("c1", at=T0, reason=" ")
        assert "reason" == info.value.field


class TestRectify:
    def test_fact_is_replaced_and_old_value_gone(self, tmp_path: Path) -> None:
        """A rectified fact replaces the old one, stated, and the old value leaves the file."""
        path = tmp_path / "pt.db"
        store = filled(path)
        contact = store.rectify("c1", at=T0.add(days=1), fact="hobby", value="chess")
        assert [("hobby", "chess", pt.Provenance.STATED)] == [
            (f.key, f.value, f.provenance) for f in contact.facts
        ]
        assert "fact:hobby" == store.rights_events("c1")[-1].target
        store.close()
        conn_bytes = b"".join(f.read_bytes() for f in tmp_path.iterdir() if f.is_file())
        assert b"xylophone-making" not in conn_bytes

    def test_field_is_replaced(self, tmp_path: Path) -> None:
        """A rectified field is saved, and logged without its value."""
        store = filled(tmp_path / "pt.db")
        contact = store.rectify("c1", at=T0, field="name", value=pt.Name("Zephyra", "Quill"))
        assert "Zephyra" == contact.name.given
        assert "Zephyra" == (store.contact("c1") or person()).name.given
        assert "Zephyra" not in store.rights_events("c1")[-1].__repr__()

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"field": "id", "value": "x"}, "field"),
            ({"field": "name", "fact": "hobby", "value": "x"}, "field"),
            ({"fact": "nothing", "value": "x"}, "fact"),
            ({"field": "birth_date", "value": "not a date"}, "birth_date"),
        ],
    )
    def test_refusals(self, tmp_path: Path, kwargs: dict[str, object], field: str) -> None:
        """Bad rectifications are refused, naming the field."""
        store = filled(tmp_path / "pt.db")
        with pytest.raises(ex.InvalidFieldError) as info:
            store.rectify("c1", at=T0, **kwargs)  # type: ignore[arg-type]
        assert field == info.value.field


class TestRestrict:
    def test_restricted_contact_is_denied_everything(self, tmp_path: Path) -> None:
        """While restricted, even a transactional message is denied; lifting allows again."""
        store = filled(tmp_path / "pt.db")
        store.restrict("c1", at=T0, reason="contested_accuracy")
        assert store.is_restricted("c1")
        receipt = pt.Message(purpose="transactional", channel="email")
        entries = store.suppressions().for_contact(person())
        assert [SuppressionReason.DO_NOT_CONTACT] == [s.reason for s in entries]
        assert all(s.applies(pt.Channel.EMAIL, receipt.purpose, at=T0.add(days=1)) for s in entries)
        assert "suppressed" in [r.code for r in decide(store, person(), T0.add(days=1)).reasons]
        store.lift_restriction("c1", at=T0.add(days=2))
        assert not store.is_restricted("c1")
        assert () == store.suppressions().for_contact(person())

    def test_export_says_restricted(self, tmp_path: Path) -> None:
        """The export and its summary of a restricted person say so, until lifted."""
        store = filled(tmp_path / "pt.db")
        store.restrict("c1", at=T0, reason="objection_pending")
        export = store.export("c1", at=T0.add(days=1))
        assert export.is_restricted
        assert "restricted" in export.summary()
        store.lift_restriction("c1", at=T0.add(days=2))
        assert not store.export("c1", at=T0.add(days=3)).is_restricted
