"""
The core rules' modules: each rule lives where it is defined, pickles by reference, and reads
the one vocabulary of purposes and bases.
"""

from __future__ import annotations

import importlib
import math
import pickle

import personal_touch as pt
from builders import AT, grant
from personal_touch import rules
from personal_touch._policy._fast import GrantInfo, grant_info
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
