from __future__ import annotations

import collections
import datetime as dt
import itertools
import tracemalloc

import attrs
import pendulum
import pytest

from personal_touch import (
    Channel,
    ConsentLedger,
    Contact,
    Jurisdiction,
    Provenance,
    Sensitivity,
    Stage,
)
from personal_touch.converters import make_converter
from personal_touch.exceptions import InvalidFieldError
from personal_touch.testing import (
    SampleData,
    SampleFile,
    load_sample,
    sample_json,
    synthetic_contacts,
    synthetic_ledger,
)
from personal_touch.values import GrantStatus


@pytest.fixture(scope="module")
def sample() -> SampleData:
    return load_sample()


class TestSample:
    def test_reference_instant(self, sample: SampleData) -> None:
        """The sample's 'now' is Monday 2026-11-30 09:00 UTC."""
        assert pendulum.datetime(2026, 11, 30, 9, tz="UTC") == sample.at
        assert pendulum.MONDAY == sample.at.day_of_week

    def test_about_a_dozen_unique_contacts(self, sample: SampleData) -> None:
        """About a dozen contacts with unique ids."""
        ids = [c.id for c in sample.contacts]
        assert 10 <= len(ids) <= 16
        assert len(ids) == len(set(ids))

    def test_stored_in_canonical_converter_form(self) -> None:
        """The file is exactly what the converter writes for it (a lossless round trip)."""
        conv = make_converter()
        raw = sample_json()
        assert raw == conv.unstructure(conv.structure(raw, SampleFile))

    @pytest.mark.parametrize("field", ["contacts", "history", "team", "events"])
    def test_collections_refuse_other_items(self, sample: SampleData, field: str) -> None:
        """SampleData's collections take their own values only, naming the field otherwise."""
        with pytest.raises(InvalidFieldError) as info:
            attrs.evolve(sample, **{field: [{"id": "c-x"}]})
        assert field == info.value.field

    def test_sample_file_collections_refuse_other_items(self, sample: SampleData) -> None:
        """SampleFile refuses a consent that is not a grant, naming the field."""
        with pytest.raises(InvalidFieldError) as info:
            SampleFile(at=sample.at, contacts=sample.contacts, consents=["g-1"])  # type: ignore[list-item]
        assert "consents" == info.value.field

    def test_spread(self, sample: SampleData) -> None:
        """Contacts span every funnel stage and the promised jurisdictions and locales."""
        # The side stages added in 0.4.0 (lapsed customer, supporter) are not in the bundled
        # sample yet: adding a contact reshuffles the corpus's sample requests.
        later = {Stage.LAPSED_CUSTOMER, Stage.SUPPORTER}
        assert set(Stage) - later == {c.stage for c in sample.contacts}
        places = {str(c.jurisdiction) for c in sample.contacts}
        assert {"DE", "FR", "ES", "IE", "GB", "CA-QC", "US-CA", "US-FL", "BR", "AU"} <= places
        assert any(j.startswith("US-") and j not in {"US-CA", "US-FL"} for j in places)
        locales = {c.locale for c in sample.contacts}
        assert {"en_US", "en_GB", "de_DE", "fr_FR", "fr_CA", "es_ES", "pt_BR", "en_AU"} <= locales
        channels = {ch for c in sample.contacts for ch in c.channels}
        assert {Channel.EMAIL, Channel.SMS, Channel.PHONE, Channel.SOCIAL} <= channels

    def test_new_york_trip_next_week(self, sample: SampleData) -> None:
        """A client told us on a call about a trip to New York next week."""
        trips = [(c, f) for c in sample.contacts if (f := c.fact("travel.next_trip")) is not None]
        assert 1 == len(trips)
        contact, fact = trips[0]
        assert Stage.CUSTOMER <= contact.stage
        assert (Provenance.STATED, "call notes") == (fact.provenance, fact.source)
        value = fact.value
        assert isinstance(value, collections.abc.Mapping)
        assert "New York" == value["destination"]
        departs = value["departs"]
        assert isinstance(departs, dt.date)
        assert 7 <= (departs - sample.at.date()).days <= 13
        assert isinstance(value["returns"], dt.date)
        assert fact.is_valid_at(sample.at)

    def test_team_and_worry(self, sample: SampleData) -> None:
        """A sports fan's team and a prospect's shared worry are recorded."""
        assert any(c.fact("interests.sports.team") for c in sample.contacts)
        worry = next(c for c in sample.contacts if c.fact("family.parent_care"))
        assert worry.stage < Stage.CUSTOMER
        fact = worry.fact("family.parent_care")
        assert fact is not None
        assert fact.sensitivity.is_special
        assert sample.ledger_for(worry.id).is_granted(
            "personalization.sensitive.health", at=sample.at
        )

    def test_inferred_pregnancy_never_usable(self, sample: SampleData) -> None:
        """The inferred pregnancy is INFERRED, REPRODUCTIVE_HEALTH, and has no consent."""
        contact = next(c for c in sample.contacts if c.fact("health.pregnancy"))
        fact = contact.fact("health.pregnancy")
        assert fact is not None
        assert (Provenance.INFERRED, Sensitivity.REPRODUCTIVE_HEALTH) == (
            fact.provenance,
            fact.sensitivity,
        )
        assert not sample.ledger_for(contact.id).is_granted(
            "personalization.sensitive.reproductive_health", at=sample.at
        )

    def test_feb_29_birthday(self, sample: SampleData) -> None:
        """Someone was born on February 29."""
        assert any(
            c.birth_date and (c.birth_date.month, c.birth_date.day) == (2, 29)
            for c in sample.contacts
        )

    def test_consent_histories(self, sample: SampleData) -> None:
        """Grants show every status at the sample's instant, and implied CASL consent."""
        statuses = {s for ledger in sample.ledgers.values() for _, s in ledger.statuses(sample.at)}
        assert set(GrantStatus) == statuses
        bases = {g.basis.value for ledger in sample.ledgers.values() for g in ledger}
        assert {"implied_existing_business", "soft_opt_in", "explicit_consent"} <= bases

    def test_ledgers_for_every_contact(self, sample: SampleData) -> None:
        """Every contact has a ledger (maybe empty) and grants belong to known contacts."""
        ids = {c.id for c in sample.contacts}
        assert ids == set(sample.ledgers)
        assert all(isinstance(v, ConsentLedger) for v in sample.ledgers.values())
        assert 0 == len(sample.ledger_for("nobody"))

    def test_history(self, sample: SampleData) -> None:
        """History is sorted, refers to known contacts and holds the promised kinds."""
        ats = [i.at for i in sample.history]
        assert sorted(ats) == ats
        kinds = {i.kind.value for i in sample.history}
        assert {"sent", "opened", "replied", "complained", "purchased", "inquired"} <= kinds
        assert {i.contact_id for i in sample.history} <= {c.id for c in sample.contacts}
        assert all(i.contact_id == "c-010" for i in sample.history_for("c-010"))
        assert () == sample.history_for("nobody")

    def test_contact_lookup(self, sample: SampleData) -> None:
        """contact() finds by id and raises KeyError otherwise."""
        assert "c-001" == sample.contact("c-001").id
        with pytest.raises(KeyError):
            sample.contact("nobody")

    def test_sample_data_accepts_plain_mappings(self, sample: SampleData) -> None:
        """SampleData freezes a plain dict of ledgers and sorts the history by instant."""
        copy = SampleData(
            at=sample.at,
            contacts=list(sample.contacts),
            ledgers=dict(sample.ledgers),
            history=list(reversed(sample.history)),
        )
        assert (sample.contacts, sample.ledgers) == (copy.contacts, copy.ledgers)
        assert [i.at for i in sample.history] == [i.at for i in copy.history]
        assert set(sample.history) == set(copy.history)


class TestSyntheticContacts:
    def test_deterministic(self) -> None:
        """The same seed yields the same contacts; another seed others."""
        a = list(synthetic_contacts(200, seed=42))
        assert a == list(synthetic_contacts(200, seed=42))
        assert a != list(synthetic_contacts(200, seed=43))
        assert ["s42-0", "s42-1"] == [c.id for c in a[:2]]

    def test_prefix_stable(self) -> None:
        """Asking for fewer contacts yields a prefix of the longer stream."""
        assert list(synthetic_contacts(5, seed=1)) == list(synthetic_contacts(50, seed=1))[:5]

    def test_valid(self) -> None:
        """Every contact is valid: re-validating its fields changes nothing."""
        for c in synthetic_contacts(500, seed=3):
            assert isinstance(c, Contact)
            attrs.validate(c)
            assert c == attrs.evolve(c)
            assert c.created_at <= pendulum.datetime(2026, 11, 30, tz="UTC")

    def test_round_trips_through_json(self) -> None:
        """Synthetic contacts survive the converter."""
        conv = make_converter()
        contacts = list(synthetic_contacts(300, seed=5))
        assert contacts == [conv.structure(conv.unstructure(c), Contact) for c in contacts]

    def test_variety(self) -> None:
        """Zones from UTC-10 to UTC+14, DST zones, many locales, all stages, Feb 29."""
        contacts = list(synthetic_contacts(5000, seed=11))
        zones = {c.timezone for c in contacts}
        assert {
            "Pacific/Honolulu",
            "Pacific/Kiritimati",
            "Europe/Berlin",
            "America/New_York",
        } <= zones
        assert len({c.locale for c in contacts}) >= 20
        assert len({str(c.jurisdiction) for c in contacts}) >= 20
        assert set(Stage) == {c.stage for c in contacts}
        assert any(
            c.birth_date and (c.birth_date.month, c.birth_date.day) == (2, 29) for c in contacts
        )
        assert any(c.birth_date is None for c in contacts)
        facts = [f for c in contacts for f in c.facts]
        keys = {f.key for f in facts}
        assert {"travel.next_trip", "interests.sports.team", "purchases.last"} <= keys
        assert any(f.provenance is Provenance.INFERRED and f.sensitivity.is_special for f in facts)
        assert any(not c.facts for c in contacts)
        assert len({c.channels for c in contacts}) >= 3
        assert isinstance(contacts[0].jurisdiction, Jurisdiction)

    def test_is_a_lazy_generator(self) -> None:
        """Contacts stream: taking a few of a million is instant, memory stays flat."""
        stream = synthetic_contacts(1_000_000, seed=9)
        assert 3 == len(list(itertools.islice(stream, 3)))
        tracemalloc.start()
        try:
            for _ in itertools.islice(synthetic_contacts(1_000_000, seed=9), 20_000):
                pass
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert peak < 5_000_000

    @pytest.mark.parametrize("bad", [-1, 1.5, "3"])
    def test_bad_n(self, bad: object) -> None:
        """n must be a non-negative integer."""
        with pytest.raises(InvalidFieldError) as info:
            synthetic_contacts(bad, seed=1)  # type: ignore[arg-type]
        assert "n" == info.value.field

    def test_zero(self) -> None:
        """Zero contacts is an empty stream."""
        assert [] == list(synthetic_contacts(0, seed=1))


class TestSyntheticLedger:
    def test_five_grants_deterministic(self) -> None:
        """Five grants for the contact, the same for the same seed."""
        contact = next(synthetic_contacts(1, seed=2))
        ledger = synthetic_ledger(contact, seed=2)
        assert 5 == len(ledger)
        assert ledger == synthetic_ledger(contact, seed=2)
        assert {contact.id} == {g.contact_id for g in ledger}
        assert all(g.granted_at >= contact.created_at for g in ledger)

    def test_plausible_statuses(self) -> None:
        """Across contacts, grants are active, pending, withdrawn and expired."""
        at = pendulum.datetime(2026, 11, 30, 9, tz="UTC")
        statuses = collections.Counter(
            s
            for c in synthetic_contacts(300, seed=4)
            for _, s in synthetic_ledger(c, seed=4).statuses(at)
        )
        assert {
            GrantStatus.ACTIVE,
            GrantStatus.PENDING_CONFIRMATION,
            GrantStatus.WITHDRAWN,
            GrantStatus.EXPIRED,
        } <= set(statuses)
        assert statuses[GrantStatus.ACTIVE] > statuses[GrantStatus.WITHDRAWN]
