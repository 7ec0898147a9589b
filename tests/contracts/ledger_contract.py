"""
The consent-ledger contract: what every ledger, in memory or in a store, must answer alike.

Reusable: subclass :class:`LedgerContract` in a ``test_*.py`` module and override the
class-scoped fixture ``make_ledger``, which turns a contact id and grant versions (in any
order, with their ``recorded_at``) into the object under test::

    from contracts.ledger_contract import LedgerContract


    class TestSQLiteLedger(LedgerContract):
        @pytest.fixture(scope="class")
        @classmethod
        def make_ledger(cls, tmp_path_factory):
            def make(contact_id, events):
                store = SQLiteStore(tmp_path_factory.mktemp("db") / "consent.db")
                for event in events:
                    store.append_consent(event)
                return store.ledger(contact_id)

            return make

The object needs ``is_granted(purpose, channel=None, *, at)``, ``as_of(*, recorded_at)``
(returning such an object again), ``get(grant_id)`` and ``entries`` (the versions in the
canonical order of :class:`personal_touch.ConsentLedger`).  Versions are compared with
their ``recorded_at`` written down (``known_since``), so a store may keep a version's
default ``recorded_at`` as ``None`` or as the instant it stands for.  The reference for every
answer is :class:`personal_touch.ConsentLedger` built from the same versions; the
acceptance property is that ``as_of(recorded_at=T)`` equals a ledger made of the
versions recorded up to ``T``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Protocol

import attrs
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from personal_touch import Channel, ConsentGrant, ConsentLedger, Evidence, LawfulBasis
from personal_touch import exceptions as ex

__all__ = ["LedgerContract", "LedgerLike", "MakeLedger", "bitemporal_events"]

T0 = pendulum.datetime(2026, 3, 1, 9, tz="UTC")
_MICRO = dt.timedelta(microseconds=1)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
#: (purpose, channels, basis) per grant kind: versions of one id agree on what they cover.
_TERMS = {
    "a": ("marketing", (), LawfulBasis.CONSENT),
    "b": ("marketing.sms", (), LawfulBasis.CONSENT),
    "c": ("marketing", ("email", "post"), LawfulBasis.SOFT_OPT_IN),
    "d": ("personalization.profile", (), LawfulBasis.CONSENT),
}
_QUESTIONS: list[tuple[str, Channel | None]] = [
    ("marketing", None),
    ("marketing", Channel.EMAIL),
    ("marketing.sms", None),
    ("marketing", Channel.POST),
    ("personalization.profile", None),
    ("data.sale", None),
]
_ZONES = ["UTC", "Europe/Berlin", "America/New_York"]


class LedgerLike(Protocol):
    """What the contract asks of a ledger."""

    @property
    def entries(self) -> tuple[ConsentGrant, ...]: ...

    def is_granted(
        self, purpose: str, channel: Channel | None = None, *, at: pendulum.DateTime
    ) -> bool: ...

    def as_of(self, *, recorded_at: pendulum.DateTime) -> LedgerLike: ...

    def get(self, grant_id: str) -> ConsentGrant | None: ...


#: Makes the ledger under test from a contact id and grant versions.
MakeLedger = Callable[[str, Sequence[ConsentGrant]], LedgerLike]


def _at(minutes: int, zone: str = "UTC") -> pendulum.DateTime:
    return T0.add(minutes=minutes).in_timezone(zone)


@st.composite
def bitemporal_events(draw: st.DrawFn) -> list[ConsentGrant]:
    """
    Versions given, confirmed, withdrawn, renewed and corrected, each with when it was
    recorded: by default (``None``), a little after, much later (a late record), or before
    its latest event (a record made ahead of a scheduled change).
    """
    events = []
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(sorted(_TERMS)))
        purpose, channels, basis = _TERMS[kind]
        given_at = draw(st.integers(0, 600))
        later = st.integers(0, 600).map(lambda d, g=given_at: g + d)  # type: ignore[misc]
        needs = draw(st.booleans())
        recorded = draw(st.none() | st.integers(-60, 1200))
        events.append(
            ConsentGrant(
                id=f"{kind}{draw(st.integers(0, 2))}",
                contact_id="c-1",
                purpose=purpose,
                channels=channels,
                basis=basis,
                granted_at=_at(given_at, draw(st.sampled_from(_ZONES))),
                expires_at=_at(draw(later)) if draw(st.booleans()) else None,
                withdrawn_at=_at(draw(later)) if draw(st.booleans()) else None,
                requires_confirmation=needs,
                confirmed_at=_at(draw(later)) if needs and draw(st.booleans()) else None,
                evidence=Evidence(source=draw(st.sampled_from(["form", "call"])), method="x"),
                recorded_at=None if recorded is None else _at(given_at + recorded),
            )
        )
    return events


def _probes(events: Sequence[ConsentGrant]) -> list[pendulum.DateTime]:
    """Every instant an event happened or was recorded at, and a microsecond either side."""
    found = {_utc(T0)}
    for g in events:
        for t in (g.granted_at, g.expires_at, g.withdrawn_at, g.confirmed_at, g.known_since):
            if t is not None:
                found.add(_utc(t))
    return [pendulum.instance(t + n * _MICRO) for t in sorted(found) for n in (-1, 0, 1)]


def _utc(value: dt.datetime) -> dt.datetime:
    """*value* as a standard-library UTC datetime (pendulum's arithmetic left aside)."""
    return _EPOCH + dt.datetime.__sub__(value, _EPOCH)


def _written(grant: ConsentGrant | None) -> ConsentGrant | None:
    """*grant* with its ``recorded_at`` written down, however it was given."""
    return None if grant is None else attrs.evolve(grant, recorded_at=grant.known_since)


def _state(grant: ConsentGrant | None) -> ConsentGrant | None:
    """
    A grant's current state without when it was recorded: merged from several versions,
    it keeps the ``recorded_at`` of the version it was built from, as that was given.
    """
    return None if grant is None else attrs.evolve(grant, recorded_at=None)


def _versions(ledger: LedgerLike) -> list[ConsentGrant | None]:
    return [_written(g) for g in ledger.entries]


def _answers(ledger: LedgerLike, probes: Sequence[pendulum.DateTime]) -> list[bool]:
    return [ledger.is_granted(p, c, at=at) for at in probes for p, c in _QUESTIONS]


#: Every subclass runs the same property tests, one executor each: the examples they share
#: through Hypothesis's database are valid for all of them.
_SHARED = settings(suppress_health_check=[HealthCheck.differing_executors, HealthCheck.too_slow])


class LedgerContract:
    """The behaviour every consent ledger shares; subclasses provide ``make_ledger``."""

    @pytest.fixture(scope="class")
    @classmethod
    def make_ledger(cls) -> MakeLedger:
        """The ledger under test, from a contact id and grant versions (override it)."""
        raise NotImplementedError

    def test_unknown_is_not_granted(self, make_ledger: MakeLedger) -> None:
        """A ledger without versions grants nothing (fail closed), then or now."""
        ledger = make_ledger("c-1", [])
        assert not ledger.is_granted("marketing", Channel.EMAIL, at=T0)
        assert not ledger.as_of(recorded_at=T0).is_granted("marketing", at=T0)

    @_SHARED
    @given(events=bitemporal_events())
    def test_agrees_with_the_reference_ledger(
        self, make_ledger: MakeLedger, events: list[ConsentGrant]
    ) -> None:
        """Every answer, and the versions kept, equal the in-memory ledger's."""
        subject = make_ledger("c-1", events)
        reference = ConsentLedger("c-1", events)
        probes = _probes(events)
        assert _versions(reference) == _versions(subject)
        assert _answers(reference, probes) == _answers(subject, probes)
        for g in events:
            assert _state(reference.get(g.id)) == _state(subject.get(g.id))

    @_SHARED
    @given(events=bitemporal_events())
    def test_as_of_equals_a_ledger_of_what_was_recorded_by_then(
        self, make_ledger: MakeLedger, events: list[ConsentGrant]
    ) -> None:
        """``as_of(recorded_at=T)`` equals a ledger of the versions recorded up to T."""
        subject = make_ledger("c-1", events)
        probes = _probes(events)
        for recorded in probes:
            then = subject.as_of(recorded_at=recorded)
            known = [g for g in events if g.known_since <= recorded]
            built = make_ledger("c-1", known)
            assert _versions(built) == _versions(then)
            assert _answers(built, probes) == _answers(then, probes)

    @_SHARED
    @given(events=bitemporal_events(), data=st.data())
    def test_the_order_of_loading_does_not_matter(
        self, make_ledger: MakeLedger, events: list[ConsentGrant], data: st.DataObject
    ) -> None:
        """The same versions loaded in another order make the same ledger."""
        shuffled = data.draw(st.permutations(events))
        a, b = make_ledger("c-1", events), make_ledger("c-1", shuffled)
        assert _versions(a) == _versions(b)
        probes = _probes(events)
        assert _answers(a, probes) == _answers(b, probes)

    def test_a_late_record_of_a_withdrawal(self, make_ledger: MakeLedger) -> None:
        """A withdrawal recorded a week late: the world changed then, our records later."""
        given_at, withdrawn, recorded = _at(0), _at(60), _at(60 * 24 * 7)
        g = ConsentGrant(id="g", contact_id="c-1", purpose="marketing", granted_at=given_at)
        ledger = make_ledger("c-1", [g, g.withdraw(at=withdrawn, recorded_at=recorded)])
        between = _at(120)
        assert not ledger.is_granted("marketing", at=between)
        assert ledger.as_of(recorded_at=recorded - _MICRO).is_granted("marketing", at=between)
        assert not ledger.as_of(recorded_at=recorded).is_granted("marketing", at=between)
        assert 2 == len(ledger.entries)

    def test_a_renewal_recorded_today_leaves_what_we_knew(self, make_ledger: MakeLedger) -> None:
        """A lapsed grant renewed later: our records before the renewal still say lapsed."""
        g = ConsentGrant(
            id="g", contact_id="c-1", purpose="marketing", granted_at=_at(0), expires_at=_at(60)
        )
        renewed_on = _at(600)
        ledger = make_ledger("c-1", [g, g.renew(until=_at(6000), recorded_at=renewed_on)])
        before = ledger.as_of(recorded_at=renewed_on - _MICRO)
        assert not before.is_granted("marketing", at=_at(120))
        assert ledger.is_granted("marketing", at=_at(700))
        assert 2 == len(ledger.entries)

    def test_a_correction_appends(self, make_ledger: MakeLedger) -> None:
        """Corrected evidence is a new version; the version it corrects stays recorded."""
        first = ConsentGrant(
            id="g",
            contact_id="c-1",
            purpose="marketing",
            granted_at=_at(0),
            evidence=Evidence(source="form v2", method="checkbox"),
        )
        fixed = Evidence(source="form v3", method="checkbox")
        corrected = ConsentGrant(
            id="g",
            contact_id="c-1",
            purpose="marketing",
            granted_at=_at(0),
            evidence=fixed,
            recorded_at=_at(90),
        )
        ledger = make_ledger("c-1", [corrected, first])
        assert [_written(first), _written(corrected)] == _versions(ledger)
        assert fixed == ledger.get("g").evidence  # type: ignore[union-attr]
        assert _state(first) == _state(ledger.as_of(recorded_at=_at(89)).get("g"))

    def test_a_naive_recorded_at_is_refused(self, make_ledger: MakeLedger) -> None:
        """Asking what was recorded at a naive datetime is an error, not a guess."""
        ledger = make_ledger("c-1", [])
        with pytest.raises(ex.NaiveDateTimeError):
            ledger.as_of(recorded_at=dt.datetime(2026, 1, 1))  # type: ignore[arg-type]
