"""
The core rules' modules: each rule lives where it is defined, pickles by reference, and reads
the one vocabulary of purposes and bases.
"""

from __future__ import annotations

import datetime as dt
import importlib
import math
import pickle
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

import personal_touch as pt
from builders import AT, grant
from personal_touch import rules
from personal_touch._policy._fast import GrantInfo, grant_info, stamp
from personal_touch._purposes import (
    CONSENT_BASES,
    CONTRACT_PURPOSES,
    MARKETING_PURPOSES,
    OBJECTION_PURPOSES,
)
from personal_touch.packs import ca, us

CORE_IDS = (
    "consent",
    "stage_ceiling",
    "personalization",
    "facts",
    "preferences",
    "relevance",
    "honesty",
    "timing",
    "frequency",
    "dial_back",
    "dont_ask_again",
)


class TestCoreRules:
    def test_ids_and_order(self) -> None:
        """The core rules keep their ids and the order the default policy runs them in."""
        assert CORE_IDS == tuple(r.id for r in rules.CORE_RULES)
        assert CORE_IDS == tuple(r.id for r in pt.default_policy().rules[: len(CORE_IDS)])

    def test_public_names_are_the_rules(self) -> None:
        """``personal_touch.rules.<id>`` is the core rule of that id."""
        for r in rules.CORE_RULES:
            assert r is getattr(rules, r.id)

    def test_each_rule_lives_in_its_own_module(self) -> None:
        """A rule is reachable under its function's name in the module defining it."""
        for r in rules.CORE_RULES:
            module = importlib.import_module(r.fn.__module__)
            assert module.__name__.startswith("personal_touch._policy._core.")
            assert r is getattr(module, r.fn.__qualname__)

    def test_each_rule_pickles_by_reference(self) -> None:
        """Unpickling a core rule gives back the very same rule object."""
        for r in rules.CORE_RULES:
            assert r is pickle.loads(pickle.dumps(r))


class TestGrantInfo:
    def test_fields_by_name_and_position(self) -> None:
        """A grant's plain data reads by name, in the order positional readers expect."""
        g = grant("marketing.sms", expires_at=AT.add(days=1))
        info = grant_info(g)
        assert isinstance(info, GrantInfo)
        assert (
            "grant",
            "purpose",
            "prefix",
            "channels",
            "granted",
            "end",
            "confirmed",
        ) == GrantInfo._fields
        assert g is info.grant is info[0]
        assert ("marketing", "marketing.") == (info.purpose, info.prefix)
        assert frozenset({pt.Channel.SMS}) == info.channels
        assert (g.granted_at.timestamp(), AT.add(days=1).timestamp()) == (info.granted, info.end)
        assert -math.inf == info.confirmed

    @settings(max_examples=200, deadline=None)
    @given(
        granted=st.datetimes(
            min_value=dt.datetime(1, 1, 3),
            max_value=dt.datetime(9999, 1, 1),
            timezones=st.sampled_from([dt.UTC, ZoneInfo("America/New_York")]),
        ),
        ends=st.tuples(
            *[st.one_of(st.none(), st.timedeltas(min_value=dt.timedelta(0))) for _ in range(3)]
        ),
        confirm=st.booleans(),
    )
    def test_bounds_are_the_stamps_of_the_grant(
        self,
        granted: dt.datetime,
        ends: tuple[dt.timedelta | None, ...],
        confirm: bool,
    ) -> None:
        """Bounds read from the grant's row in microseconds equal its instants' stamps."""
        expires, withdrawn, confirmed = (
            None
            if d is None or d > dt.datetime(9999, 12, 1) - granted.replace(tzinfo=None)
            else granted + d
            for d in ends
        )
        g = grant(
            "marketing",
            granted_at=granted,
            expires_at=expires,
            withdrawn_at=withdrawn,
            confirmed_at=confirmed if confirm else None,
            requires_confirmation=confirm,
        )
        info = grant_info(g)
        ends_at = [stamp(x) for x in (g.expires_at, g.withdrawn_at) if x is not None]
        assert stamp(g.granted_at) == info.granted
        assert min(ends_at, default=math.inf) == info.end
        if not confirm:
            assert -math.inf == info.confirmed
        else:
            missing = g.confirmed_at is None
            assert (math.inf if missing else stamp(g.confirmed_at)) == info.confirmed

    def test_a_function_of_the_grant(self) -> None:
        """The same grant gives equal infos; an equal copy an equal one (nothing is kept)."""
        g = grant("marketing")
        copy = grant("marketing")
        assert grant_info(g) == grant_info(g)
        assert grant_info(copy) == grant_info(g)._replace(grant=copy)
        assert math.inf == grant_info(g).end


class TestVocabulary:
    def test_an_objection_bars_marketing_and_relationship(self) -> None:
        """An objection bars every marketing purpose and relationship messages too."""
        assert MARKETING_PURPOSES | {pt.MessagePurpose.RELATIONSHIP} == OBJECTION_PURPOSES
        assert pt.MessagePurpose.TRANSACTIONAL not in OBJECTION_PURPOSES

    def test_contract_covers_relationship_and_surveys(self) -> None:
        """A contract basis permits relationship messages and surveys, not marketing."""
        assert CONTRACT_PURPOSES.isdisjoint(MARKETING_PURPOSES)

    def test_rules_namespace_shares_the_values(self) -> None:
        """The public names are the vocabulary's own objects, not copies."""
        assert rules.CONSENT_BASES is CONSENT_BASES
        assert rules.MARKETING_PURPOSES is MARKETING_PURPOSES
        assert us.SOLICITATION == MARKETING_PURPOSES
        assert us.COMMERCIAL == ca.CEM_PURPOSES
        assert pt.MessagePurpose.FUNDRAISING not in us.COMMERCIAL
