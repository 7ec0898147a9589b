from __future__ import annotations

import datetime as dt
import pickle

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from personal_touch import (
    Channel,
    Contact,
    ContactPoint,
    Fact,
    Jurisdiction,
    Level,
    Medium,
    Name,
    Preferences,
    PrivacySignals,
    Provenance,
    Sensitivity,
    Stage,
)
from personal_touch import exceptions as ex
from personal_touch._facts import facts_digest
from personal_touch.values import DncRegistry, FrequencyLimit, Period, QuietHours, Register

AT = pendulum.datetime(2026, 11, 30, 9, tz="UTC")


def make(**kw: object) -> Contact:
    args: dict[str, object] = {
        "id": "c-1",
        "name": Name("Annika", "Brandt", preferred="Anni", honorific="Frau"),
        "locale": "de_DE",
        "timezone": "Europe/Berlin",
        "created_at": AT.subtract(years=3),
        "jurisdiction": "DE",
        "stage": "customer",
        "birth_date": dt.date(1984, 6, 21),
        "contact_points": [
            ContactPoint(Channel.EMAIL, "annika@example.de"),
            ContactPoint(Channel.EMAIL, "a.brandt@example.de", verified=True),
            ContactPoint(Channel.PHONE, "+49 30 5550 1001"),
        ],
        "facts": [
            Fact(key="travel.next_trip", value="New York", provenance="stated", recorded_at=AT),
            Fact(key="interests.food", value="Italian", provenance="stated", recorded_at=AT),
        ],
    }
    args.update(kw)
    return Contact(**args)  # type: ignore[arg-type]


class TestName:
    def test_parts_trimmed_and_blank_is_none(self) -> None:
        """Name parts are stripped; blank parts become None."""
        n = Name("  Thomas ", "", preferred=" Tom ")
        assert ("Thomas", None, "Tom", None) == (n.given, n.family, n.preferred, n.honorific)

    def test_informal_prefers_preferred(self) -> None:
        """Informal address uses the preferred name, else the given name."""
        assert "Tom" == Name("Thomas", preferred="Tom").informal
        assert "Thomas" == Name("Thomas").informal
        assert Name().informal is None

    def test_repr_has_no_personal_data(self) -> None:
        """The repr lists which parts exist, never their text."""
        assert "Name(<given, family>)" == repr(Name("Ada", "Lovelace"))
        assert "Name(<empty>)" == repr(Name())

    def test_non_string_refused(self) -> None:
        """Parts must be strings."""
        with pytest.raises(ex.InvalidFieldError) as info:
            Name(42)  # type: ignore[arg-type]
        assert "name" == info.value.field


class TestContactPoint:
    def test_repr_hides_address(self) -> None:
        """The repr shows the channel and verification, not the address."""
        cp = ContactPoint("email", "ada@example.com", verified=True)
        assert Channel.EMAIL is cp.channel
        assert "ContactPoint(email, verified=True)" == repr(cp)

    @pytest.mark.parametrize("bad", ["", "   ", None])
    def test_empty_address(self, bad: object) -> None:
        """An empty address is refused, naming the field."""
        with pytest.raises(ex.InvalidFieldError) as info:
            ContactPoint(Channel.SMS, bad)  # type: ignore[arg-type]
        assert "address" == info.value.field

    def test_unknown_channel(self) -> None:
        """An unknown channel is a ValueError naming the field, not the value."""
        with pytest.raises(ValueError, match=r"^channel: ") as info:
            ContactPoint("carrier_pigeon", "x")
        assert "carrier_pigeon" not in str(info.value)


class TestJurisdiction:
    @pytest.mark.parametrize(
        ("text", "country", "sub"),
        [("US-FL", "US", "FL"), ("ca-qc", "CA", "QC"), (" de ", "DE", None), ("GB", "GB", None),
         ("XK", "XK", None), ("US-", "US", None)],
    )  # fmt: skip
    def test_parse(self, text: str, country: str, sub: str | None) -> None:
        """Country and optional subdivision parse in any case."""
        j = Jurisdiction.parse(text)
        assert (country, sub) == (j.country, j.subdivision)

    def test_str_repr_and_idempotence(self) -> None:
        """It prints as 'US-FL' and parsing a Jurisdiction returns it."""
        j = Jurisdiction.parse("us-fl")
        assert "US-FL" == str(j)
        assert "Jurisdiction('US-FL')" == repr(j)
        assert j is Jurisdiction.parse(j)
        assert "DE" == str(Jurisdiction("DE"))

    @pytest.mark.parametrize("bad", ["EU", "ZZ", "USA", "U1", "", "US-FLORIDA", "us_fl", 1])
    def test_invalid(self, bad: object) -> None:
        """Unknown countries, groupings and malformed subdivisions are refused."""
        with pytest.raises(ex.InvalidFieldError) as info:
            Jurisdiction.parse(bad)  # type: ignore[arg-type]
        assert "jurisdiction" == info.value.field

    def test_bad_subdivision_type(self) -> None:
        """A non-string subdivision is refused."""
        with pytest.raises(ex.InvalidFieldError):
            Jurisdiction("US", 5)  # type: ignore[arg-type]


class TestQuietHours:
    def test_default_wraps_midnight(self) -> None:
        """The default span 21:00-08:00 wraps around midnight; start in, end out."""
        q = QuietHours()
        assert q.contains(dt.time(21, 0))
        assert q.contains(dt.time(23, 59))
        assert q.contains(dt.time(0, 0))
        assert q.contains(dt.time(7, 59, 59))
        assert not q.contains(dt.time(8, 0))
        assert not q.contains(dt.time(20, 59))

    def test_same_day_span(self) -> None:
        """A span within one day, from strings."""
        q = QuietHours("12:00", "13:30")
        assert q.contains(dt.time(12, 0))
        assert not q.contains(dt.time(13, 30))
        assert not q.contains(dt.time(11, 59))

    def test_ignores_tzinfo_of_probe(self) -> None:
        """The probe's tzinfo is dropped: quiet hours are wall-clock times."""
        assert QuietHours().contains(dt.time(22, 0, tzinfo=dt.UTC))

    def test_empty_span(self) -> None:
        """start == end means no quiet hours."""
        assert not QuietHours("09:00", "09:00").contains(dt.time(9, 0))

    @given(st.times(), st.times(), st.times())
    def test_wrap_is_complement(self, start: dt.time, end: dt.time, t: dt.time) -> None:
        """A wrapped span is exactly the complement of the same-day span the other way."""
        if start == end:
            return
        assert QuietHours(start, end).contains(t) != QuietHours(end, start).contains(t)

    @pytest.mark.parametrize("bad", ["9pm", "25:00", dt.time(21, tzinfo=dt.UTC), 21])
    def test_invalid(self, bad: object) -> None:
        """Bad times and zoned times are refused, naming the field."""
        with pytest.raises(ex.InvalidFieldError) as info:
            QuietHours(bad)  # type: ignore[arg-type]
        assert "quiet_hours" == info.value.field


class TestFrequencyLimit:
    def test_values(self) -> None:
        """Period and channel accept their values; channel is optional."""
        f = FrequencyLimit(2, "week", "email")
        assert (2, Period.WEEK, Channel.EMAIL) == (f.count, f.period, f.channel)
        assert FrequencyLimit(0, Period.DAY).channel is None

    @pytest.mark.parametrize("bad", [-1, True, 1.5, "2"])
    def test_count(self, bad: object) -> None:
        """Count must be a non-negative integer (not a bool)."""
        with pytest.raises(ex.InvalidFieldError) as info:
            FrequencyLimit(bad, Period.DAY)  # type: ignore[arg-type]
        assert "count" == info.value.field


class TestPreferences:
    def test_defaults_leave_it_to_policy(self) -> None:
        """Empty preferences constrain nothing."""
        p = Preferences()
        assert ((), frozenset(), None, None) == (
            p.preferred_channels, p.blocked_channels, p.max_level, p.register,
        )  # fmt: skip
        assert not p.is_paused(AT)

    def test_conversions(self) -> None:
        """Lists and strings become tuples, frozensets and enums; duplicates drop."""
        p = Preferences(
            preferred_channels=["sms", "email", "sms"],
            blocked_channels=["phone"],
            preferred_formats=["video", "text", "video"],
            max_level="contextual",
            excluded_topics=["family"],
            excluded_sensitivities=["health"],
            frequency_limits=[FrequencyLimit(1, Period.DAY)],
            register="formal",
        )
        assert (Channel.SMS, Channel.EMAIL) == p.preferred_channels
        assert frozenset({Channel.PHONE}) == p.blocked_channels
        assert (Medium.VIDEO, Medium.TEXT) == p.preferred_formats
        assert Level.CONTEXTUAL is p.max_level
        assert Register.FORMAL is p.register
        assert (FrequencyLimit(1, Period.DAY),) == p.frequency_limits

    def test_pause_boundary(self) -> None:
        """A pause runs until paused_until, exclusive."""
        p = Preferences(paused_until=AT)
        assert p.is_paused(AT.subtract(seconds=1))
        assert not p.is_paused(AT)

    def test_naive_pause_refused(self) -> None:
        """paused_until must be aware."""
        with pytest.raises(ex.NaiveDateTimeError) as info:
            Preferences(paused_until=dt.datetime(2026, 1, 1))
        assert "paused_until" == info.value.field

    def test_excludes_topic_and_sensitivity(self) -> None:
        """A fact is excluded by its topic prefix or its sensitivity."""
        p = Preferences(excluded_topics=["family"], excluded_sensitivities=["health"])
        mk = Fact
        wedding = mk(
            key="family.wedding_anniversary", value="x", provenance="stated", recorded_at=AT
        )
        familiar = mk(key="familiar.places", value="x", provenance="stated", recorded_at=AT)
        care = mk(
            key="care.plan", value="x", provenance="stated", recorded_at=AT, sensitivity="health"
        )
        assert p.excludes(wedding)
        assert not p.excludes(familiar)
        assert p.excludes(care)

    def test_bad_topic(self) -> None:
        """Excluded topics are fact keys."""
        with pytest.raises(ex.InvalidFieldError) as info:
            Preferences(excluded_topics=["Family Stuff"])
        assert "excluded_topics" == info.value.field


class TestPrivacySignals:
    def test_objection_in_force_from_its_instant(self) -> None:
        """An objection to marketing bars from its instant on, not before."""
        p = PrivacySignals(objected_to_marketing_at=AT)
        assert not p.has_objected(AT.subtract(seconds=1))
        assert p.has_objected(AT)
        assert not PrivacySignals().has_objected(AT)

    def test_registries(self) -> None:
        """Registry values become members."""
        p = PrivacySignals(dnc_registries=["uk_tps", "ca_dncl"])
        assert frozenset({DncRegistry.UK_TPS, DncRegistry.CA_DNCL}) == p.dnc_registries


class TestContact:
    def test_minimal(self) -> None:
        """Only id and created_at are required; the rest has safe defaults."""
        c = Contact(id="c-1", created_at=AT)
        assert ("en", None, None, Stage.AWARENESS) == (
            c.locale, c.timezone, c.jurisdiction, c.stage,
        )  # fmt: skip
        assert ((), (), Preferences(), PrivacySignals()) == (
            c.contact_points, c.facts, c.preferences, c.privacy,
        )  # fmt: skip

    def test_conversions(self) -> None:
        """Locale is canonicalised; stage takes CRM names; jurisdiction and dates parse."""
        c = make(locale="fr-CA", stage="MQL", jurisdiction="ca-qc", birth_date="2000-02-29")
        assert "fr_CA" == c.locale
        assert Stage.CONSIDERATION is c.stage
        assert Jurisdiction("CA", "QC") == c.jurisdiction
        assert dt.date(2000, 2, 29) == c.birth_date

    def test_repr_has_no_personal_data(self) -> None:
        """The repr holds ids and metadata, never names, addresses or fact values."""
        c = make()
        r = repr(c)
        assert (
            "Contact(id='c-1', stage=customer, locale='de_DE', timezone='Europe/Berlin', "
            "jurisdiction='DE', facts=2)"
        ) == r
        for secret in ("Annika", "Brandt", "Anni", "example.de", "5550", "New York", "Italian"):
            assert secret not in r
        assert "jurisdiction=None" in repr(Contact(id="x", created_at=AT))

    @pytest.mark.parametrize("bad", ["", "  ", None])
    def test_id_required(self, bad: object) -> None:
        """The id must be a non-empty string."""
        with pytest.raises(ex.InvalidFieldError) as info:
            make(id=bad)
        assert "id" == info.value.field

    def test_naive_created_at(self) -> None:
        """A naive created_at is refused with a typed error naming the field."""
        with pytest.raises(ex.NaiveDateTimeError) as info:
            make(created_at=dt.datetime(2026, 1, 1, 9))
        assert "created_at" == info.value.field

    def test_unknown_timezone_names_field_not_value(self) -> None:
        """An unknown zone names the field and does not echo the value."""
        with pytest.raises(ex.UnknownTimezoneError) as info:
            make(timezone="Atlantis/Capital")
        assert "timezone" == info.value.field
        assert "Atlantis" not in str(info.value)

    def test_unknown_locale_names_field_not_value(self) -> None:
        """An unknown locale names the field and does not echo the value."""
        with pytest.raises(ex.UnknownLocaleError) as info:
            make(locale="qq_ZZ")
        assert "locale" == info.value.field
        assert "qq_ZZ" not in str(info.value)

    def test_unknown_stage(self) -> None:
        """An unknown stage raises UnknownStageError."""
        with pytest.raises(ex.UnknownStageError):
            make(stage="tire kicker")

    @pytest.mark.parametrize("bad", ["30/11/1990", dt.datetime(1990, 1, 1, tzinfo=dt.UTC), 1990])
    def test_bad_birth_date(self, bad: object) -> None:
        """birth_date must be an ISO date or a date (not a datetime)."""
        with pytest.raises(ex.InvalidFieldError) as info:
            make(birth_date=bad)
        assert "birth_date" == info.value.field

    def test_local_time(self) -> None:
        """local() shows an instant on the contact's wall clock, across DST."""
        c = make(timezone="Europe/Berlin")
        assert "2026-11-30T10:00:00+01:00" == c.local(AT).isoformat()
        assert "2026-07-01T11:00:00+02:00" == c.local(pendulum.datetime(2026, 7, 1, 9)).isoformat()
        assert "Europe/Berlin" == c.tz.name
        assert "de_DE" == str(c.babel_locale)

    def test_local_refuses_naive(self) -> None:
        """local() refuses a naive datetime rather than guessing UTC."""
        with pytest.raises(ex.NaiveDateTimeError):
            make().local(dt.datetime(2026, 1, 1, 9))

    def test_extreme_offsets(self) -> None:
        """UTC-10 and UTC+14 are a whole day apart on the wall clock."""
        honolulu = make(timezone="Pacific/Honolulu").local(AT)
        kiritimati = make(timezone="Pacific/Kiritimati").local(AT)
        assert (dt.date(2026, 11, 29), dt.date(2026, 11, 30)) == (
            honolulu.date(),
            kiritimati.date(),
        )

    def test_fact_lookup(self) -> None:
        """fact() returns the latest fact with a key; facts_under() a whole topic."""
        newer = Fact(
            key="travel.next_trip", value="Lisbon", provenance="stated", recorded_at=AT.add(days=1)
        )
        c = make().with_fact(newer)
        assert newer is c.fact("travel.next_trip")
        assert c.fact("travel.past") is None
        assert 2 == len(c.facts_under("travel"))
        assert 1 == len(c.facts_under("interests.food"))

    def test_contact_point_prefers_verified(self) -> None:
        """The verified address wins; else the first; None without any."""
        c = make()
        assert "a.brandt@example.de" == c.contact_point(Channel.EMAIL).address  # type: ignore[union-attr]
        assert "+49 30 5550 1001" == c.contact_point(Channel.PHONE).address  # type: ignore[union-attr]
        assert c.contact_point(Channel.SMS) is None
        assert (Channel.EMAIL, Channel.PHONE) == c.channels

    @pytest.mark.parametrize(
        ("born", "day", "age"),
        [
            (dt.date(1984, 6, 21), dt.date(2026, 6, 20), 41),
            (dt.date(1984, 6, 21), dt.date(2026, 6, 21), 42),
            (dt.date(2000, 2, 29), dt.date(2001, 2, 28), 0),
            (dt.date(2000, 2, 29), dt.date(2001, 3, 1), 1),
            (dt.date(2000, 2, 29), dt.date(2004, 2, 28), 3),
            (dt.date(2000, 2, 29), dt.date(2004, 2, 29), 4),
            (dt.date(2008, 11, 30), dt.date(2026, 11, 30), 18),
        ],
    )
    def test_age_on(self, born: dt.date, day: dt.date, age: int) -> None:
        """Age in whole years; a Feb 29 birthday turns older on Mar 1 in common years."""
        assert age == make(birth_date=born).age_on(day)

    def test_age_unknown(self) -> None:
        """Without a birth date the age is unknown."""
        assert make(birth_date=None).age_on(dt.date(2026, 1, 1)) is None

    def test_without_facts(self) -> None:
        """without_facts forgets a topic and keeps the rest."""
        c = make().without_facts("travel")
        assert ("interests.food",) == tuple(f.key for f in c.facts)

    def test_advance_to(self) -> None:
        """advance_to moves forward, records when, and refuses to move back."""
        c = make(stage=Stage.DECISION).advance_to("customer", at=AT)
        assert (Stage.CUSTOMER, AT) == (c.stage, c.stage_since)
        assert c is not make()
        same = c.advance_to(Stage.CUSTOMER, at=AT.add(days=1))
        assert Stage.CUSTOMER is same.stage
        with pytest.raises(ex.InvalidFieldError) as info:
            c.advance_to(Stage.AWARENESS, at=AT)
        assert "stage" == info.value.field
        with pytest.raises(ex.NaiveDateTimeError):
            c.advance_to(Stage.ADVOCATE, at=dt.datetime(2026, 1, 1))

    def test_immutable(self) -> None:
        """Contacts are frozen; evolve gives a new value."""
        c = make()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            c.stage = Stage.ADVOCATE  # type: ignore[misc]
        assert Stage.ADVOCATE is attrs.evolve(c, stage=Stage.ADVOCATE).stage
        assert hash(c) == hash(make())

    def test_sensitive_fact_kept(self) -> None:
        """Sensitive and inferred facts are stored like any other (the policy guards them)."""
        f = Fact(
            key="health.pregnancy", value=True, provenance=Provenance.INFERRED,
            sensitivity=Sensitivity.REPRODUCTIVE_HEALTH, recorded_at=AT, confidence=0.87,
        )  # fmt: skip
        assert f is make(facts=[f]).fact("health.pregnancy")


class TestKeptFactsDigest:
    def test_no_getattr_hook(self) -> None:
        """Contact has no __getattr__, so every attribute read is a plain slot read."""
        assert not hasattr(Contact, "__getattr__")

    def test_digest_of_the_known_facts_kept(self) -> None:
        """The fact-set digest covers the known facts (birthday too) and is computed once."""
        c = make()
        assert facts_digest(c.known_facts) == c._facts_digest
        assert c._facts_digest is c._facts_digest
        assert facts_digest(c.facts) != c._facts_digest  # the birth date counts

    def test_kept_digest_is_no_part_of_the_value(self) -> None:
        """Equality, hashing, repr and pickles are those of a contact never digested."""
        c, fresh = make(), make()
        digest = c._facts_digest
        assert fresh.known_facts  # kept in a field (pickled); the digest is not
        assert fresh == c
        assert hash(fresh) == hash(c)
        assert repr(fresh) == repr(c)
        assert pickle.dumps(fresh) == pickle.dumps(c)
        assert digest == pickle.loads(pickle.dumps(c))._facts_digest

    def test_a_changed_copy_digests_its_own_facts(self) -> None:
        """A contact with other facts does not inherit the digest it was copied from."""
        c = make()
        digest = c._facts_digest
        other = c.without_facts("travel")
        assert facts_digest(other.known_facts) == other._facts_digest
        assert digest != other._facts_digest
        assert digest == attrs.evolve(c)._facts_digest
