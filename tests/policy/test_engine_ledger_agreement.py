"""
The engine and the ledger give one answer: a grant is in force for decide() exactly when the ledger says so.
"""

from __future__ import annotations

import datetime as dt

import pendulum
from hypothesis import given, settings
from hypothesis import strategies as st

import personal_touch as pt
from builders import CORE, codes, contact, message
from personal_touch._consent._instants import micros
from personal_touch._policy._fast import in_force, in_force_span, stamp

ZONES = ("UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe")
ONE = dt.timedelta(microseconds=1)
LAST = dt.datetime(9998, 12, 31, tzinfo=dt.UTC)


@st.composite
def instants(draw: st.DrawFn) -> pendulum.DateTime:
    """Instants over the whole range the library computes with, to the microsecond."""
    naive = draw(st.datetimes(min_value=dt.datetime(2, 1, 1), max_value=dt.datetime(9998, 1, 1)))
    tz = pendulum.timezone(draw(st.sampled_from(ZONES)))
    return pendulum.instance(naive.replace(tzinfo=tz, fold=draw(st.sampled_from((0, 1)))))


def later(start: pendulum.DateTime) -> st.SearchStrategy[pendulum.DateTime]:
    """Instants at or after *start*: a microsecond to centuries later (before 9999)."""
    room = micros(LAST) - micros(start)
    return st.integers(0, max(0, min(10**16, room))).map(lambda us: start + us * ONE)


@st.composite
def ledgers(draw: st.DrawFn) -> pt.ConsentLedger:
    """One or two grants of c-1, each with renewals, withdrawals, confirmations, corrections."""
    ledger = pt.ConsentLedger("c-1")
    for gid in draw(st.sampled_from((("g",), ("g", "h")))):
        given_at = draw(instants())
        confirm = draw(st.booleans())
        first = pt.ConsentGrant(
            id=gid,
            contact_id="c-1",
            purpose=draw(st.sampled_from(("marketing", "marketing.email"))),
            channels=(),
            granted_at=given_at,
            requires_confirmation=confirm,
        )
        ledger = ledger.record(first)
        for step in draw(
            st.lists(st.sampled_from(("renew", "withdraw", "confirm", "fix")), max_size=4)
        ):
            current = ledger.get(gid)
            assert current is not None
            recorded = draw(later(current.known_since))
            if step == "renew":
                ledger = ledger.renew(
                    gid, until=draw(st.none() | later(given_at)), recorded_at=recorded
                )
            elif step == "withdraw" and current.withdrawn_at is None:
                ledger = ledger.withdraw(gid, at=draw(later(given_at)), recorded_at=recorded)
            elif step == "confirm" and confirm and current.confirmed_at is None:
                at = draw(later(given_at))
                if current.withdrawn_at is None or at < current.withdrawn_at:
                    ledger = ledger.confirm(gid, at=at, recorded_at=recorded)
            elif step == "fix" and current.withdrawn_at is not None:
                # A correction: the withdrawal happened at another instant, recorded later.
                fixed = current.withdrawn_at + dt.timedelta(
                    microseconds=draw(st.integers(-(10**12), 10**12))
                )
                if fixed >= given_at:
                    ledger = ledger.record(
                        pt.ConsentGrant(
                            **{**_fields(current), "withdrawn_at": fixed, "recorded_at": recorded}
                        )
                    )
    return ledger


def _fields(g: pt.ConsentGrant) -> dict[str, object]:
    return {
        "id": g.id,
        "contact_id": g.contact_id,
        "purpose": g.purpose,
        "channels": g.channels,
        "granted_at": g.granted_at,
        "expires_at": g.expires_at,
        "withdrawn_at": g.withdrawn_at,
        "requires_confirmation": g.requires_confirmation,
        "confirmed_at": g.confirmed_at,
    }


def bounds(ledger: pt.ConsentLedger) -> list[pendulum.DateTime]:
    """Every instant at which a grant starts or stops being in force, and its neighbours."""
    found = []
    for g in ledger.entries:
        for b in (g.granted_at, g.confirmed_at, g.withdrawn_at, g.expires_at):
            if b is not None:
                found += [b - ONE, b, b + ONE]
    return [
        b
        for b in found
        if dt.datetime(1, 1, 3, tzinfo=dt.UTC) < b < dt.datetime(9999, 12, 29, tzinfo=dt.UTC)
    ]


@st.composite
def cases(draw: st.DrawFn) -> tuple[pt.ConsentLedger, pendulum.DateTime]:
    ledger = draw(ledgers())
    near = bounds(ledger)
    at = draw(st.sampled_from(near) | instants()) if near else draw(instants())
    return ledger, pendulum.instance(at)


class TestEngineAgreesWithLedger:
    @settings(max_examples=400, deadline=None)
    @given(case=cases())
    def test_decide_relies_on_consent_exactly_when_the_ledger_grants_it(
        self, case: tuple[pt.ConsentLedger, pendulum.DateTime]
    ) -> None:
        """For any versions of a grant and any instant, decide() and is_granted() agree."""
        ledger, at = case
        granted = ledger.is_granted("marketing", pt.Channel.EMAIL, at=at)
        decision = pt.decide(
            contact(timezone="UTC"), message(), consents=ledger, at=at, policy=CORE
        )
        assert granted == bool(decision.grants)
        assert granted == ("consent_in_force" in codes(decision))
        assert {g.id for g in ledger.grants_for("marketing", pt.Channel.EMAIL, at=at)} == {
            g.id for g in decision.grants
        }

    @settings(max_examples=200, deadline=None)
    @given(case=cases())
    def test_prepared_holds_the_ledgers_grants_in_force(
        self, case: tuple[pt.ConsentLedger, pendulum.DateTime]
    ) -> None:
        """A prepared snapshot holds exactly the grants the ledger has in force."""
        ledger, at = case
        prepared = pt.prepare(contact(timezone="UTC"), consents=ledger, at=at, policy=CORE)
        assert ledger.in_force(at) == prepared.in_force


class TestSpan:
    @settings(max_examples=200, deadline=None)
    @given(case=cases(), other=instants())
    def test_an_instant_inside_the_span_has_the_same_grants(
        self, case: tuple[pt.ConsentLedger, pendulum.DateTime], other: pendulum.DateTime
    ) -> None:
        """Wherever a snapshot's span says it holds, the ledger has the same grants in force."""
        ledger, at = case
        found, (lo, hi) = in_force(ledger, at), in_force_span(ledger, at)
        for t in (other, *bounds(ledger)):
            if lo <= stamp(t) < hi:
                assert ledger.in_force(at) == ledger.in_force(t)
        assert ledger.in_force(at) == tuple(info.grant for info in found)

    @given(t=instants())
    def test_bounds_round_as_instants_do(self, t: pendulum.DateTime) -> None:
        """A bound's epoch seconds (from microseconds) equal the instant's stamp."""
        assert micros(t) / 1_000_000 == stamp(t)
