"""
Properties of the data-subject rights: JSON round-trips, erasure, salted digests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import pendulum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import personal_touch as pt
from personal_touch.store import PersonalDataExport, SQLiteStore
from strategies import aware_datetimes, consent_grants, contacts, facts, interactions

if TYPE_CHECKING:
    import pytest

STORE = settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
LATER = pendulum.datetime(2101, 1, 1, tz="UTC")


@st.composite
def exports(draw: st.DrawFn) -> PersonalDataExport:
    """Exports of one contact, built from the library's values."""
    contact = draw(contacts())
    return PersonalDataExport(
        contact_id=contact.id,
        exported_at=draw(aware_datetimes()),
        contact=draw(st.none() | st.just(attrs.evolve(contact, facts=()))),
        facts=draw(st.lists(facts(), max_size=3)),
        interactions=[
            attrs.evolve(i, contact_id=contact.id) for i in draw(st.lists(interactions, max_size=3))
        ],
    )


class TestExportJson:
    @given(export=exports())
    @settings(deadline=None)
    def test_round_trip(self, export: PersonalDataExport) -> None:
        """from_json(to_json(e)) == e, and the JSON is canonical (the same text again)."""
        text = export.to_json()
        back = PersonalDataExport.from_json(text)
        assert export == back
        assert text == back.to_json()


class TestEraseProperties:
    @STORE
    @given(contact=contacts(), grants=st.lists(consent_grants(), max_size=3))
    def test_erased_then_reimported_is_suppressed(
        self,
        tmp_path_factory: pytest.TempPathFactory,
        contact: pt.Contact,
        grants: list[pt.ConsentGrant],
    ) -> None:
        """After erasure nothing personal is exported, the chain verifies, and every address
        of the person is suppressed for marketing whoever re-creates it."""
        path = tmp_path_factory.mktemp("erase") / "pt.db"
        with SQLiteStore(path) as store:
            store.put_contact(contact)
            for g in grants:
                store.record_consent(attrs.evolve(g, contact_id=contact.id), recorded_at=LATER)
            store.erase(contact.id, at=LATER, reason="art17")
            export = store.export(contact.id, at=LATER)
            assert (None, (), ()) == (export.contact, export.facts, export.interactions)
            assert len(grants) == len(export.consent_events)
            assert store.verify().is_intact
            entries = store.suppressions()
        for point in contact.contact_points:
            stranger = pt.Contact(id="someone-else", created_at=LATER, contact_points=[point])
            assert entries.is_suppressed(
                stranger, channel=point.channel, purpose="marketing", at=LATER.add(days=1)
            )


class TestSaltedDigest:
    @given(
        address=st.emails(),
        salt=st.binary(min_size=1, max_size=32),
        pad=st.sampled_from(["", " ", "\t"]),
    )
    def test_normalized_like_the_plain_digest(self, address: str, salt: bytes, pad: str) -> None:
        """Salted digests ignore case and surrounding blanks, and differ from plain ones."""
        salted = pt.Suppression.digest(address, salt=salt)
        assert salted == pt.Suppression.digest(pad + address.upper() + pad, salt=salt)
        assert salted != pt.Suppression.digest(address)

    @given(address=st.emails(), a=st.binary(min_size=1), b=st.binary(min_size=1))
    def test_lists_match_only_their_salt(self, address: str, a: bytes, b: bytes) -> None:
        """A list matches a salted entry only when it carries the same salt."""
        at = pendulum.datetime(2026, 1, 1, tz="UTC")
        entry = pt.Suppression.for_address(address, since=at, salt=a)
        person = pt.Contact(
            id="p", created_at=at, contact_points=[pt.ContactPoint("email", address)]
        )
        entries = pt.SuppressionList([entry])
        assert () == entries.for_contact(person)
        assert (entry,) == entries.with_salt(a).for_contact(person)
        assert (a == b) == bool(entries.with_salt(b).for_contact(person))
