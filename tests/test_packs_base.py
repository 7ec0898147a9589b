from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs
import pytest

import personal_touch as pt
from packs_support import AT, contact, grant, message, touch
from personal_touch._policy._engine import prepare
from personal_touch.packs import _base, get

if TYPE_CHECKING:
    from personal_touch._policy._model import Request


def request(m: pt.Message, history: tuple[pt.Interaction, ...] = (), **changes: object) -> Request:
    c = contact("US-FL", **changes)
    ledger = pt.ConsentLedger("c-1", (grant("marketing.phone"),))
    return prepare(c, m, ledger=ledger, history=history, at=AT, policy=pt.default_policy())


def rule(pack: str, rule_id: str) -> _base.LegalRule:
    found = next(r for r in get(pack).rules if r.id == rule_id)
    assert isinstance(found, _base.LegalRule)
    return found


class TestHelpers:
    def test_transactional_needs_no_grant_purpose(self) -> None:
        """Transactional messages map to no grant purpose, so no grants are looked up."""
        r = request(message("transactional"))
        assert () == _base.grants(r, _base.EXPRESS)
        assert _base.purpose_key(pt.MessagePurpose.TRANSACTIONAL) is None
        assert "relationship" == _base.purpose_key(pt.MessagePurpose.SURVEY)

    def test_local_now_from_a_stdlib_datetime(self) -> None:
        """A request whose local time is a plain datetime is converted to the contact's zone."""
        r = request(message())
        plain = attrs.evolve(r, local=dt.datetime(2026, 11, 30, 10, tzinfo=dt.UTC))
        assert "America/New_York" == _base.local_now(plain).timezone_name

    def test_last_event_ignores_the_future(self) -> None:
        """Interactions after the instant asked about are not counted."""
        later = touch(AT.add(hours=1), "email", kind="unsubscribed")
        r = request(message(), history=(later,))
        kinds = frozenset({pt.InteractionKind.UNSUBSCRIBED})
        assert _base.last_event(r, kinds) is None

    def test_call_cap_needs_one_period(self) -> None:
        """A cap counts over hours or calendar days, not both or neither."""
        with pytest.raises(ValueError, match="exactly one"):
            _base.call_cap("X-1", statement="s", citation="c", limit=1)


class TestCallCapCounting:
    def test_only_solicitation_calls_count(self) -> None:
        """Calls of other purposes, other channels, other kinds and future calls do not count."""
        cap = rule("US-FL", "US-FL-501-02")
        history = (
            touch(AT.subtract(hours=1), purpose="transactional"),
            touch(AT.subtract(hours=2), "email"),
            touch(AT.subtract(hours=3), kind="replied"),
            touch(AT.subtract(hours=4)),
            touch(AT.subtract(hours=5)),
            touch(AT.add(hours=1)),
        )
        r = request(message("marketing", "phone", authorship="human"), history=history)
        assert () == tuple(cap(r))
        r = request(
            message("marketing", "phone", authorship="human"),
            history=(*history[:5], touch(AT.subtract(hours=6)), touch(AT.add(hours=1))),
        )
        assert ["frequency_cap"] == [o.code for o in cap(r)]
