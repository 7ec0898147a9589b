from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs
import pytest

import personal_touch as pt
from builders import AT, customer_in, grant, message, touch
from personal_touch import rules
from personal_touch._policy._prepared import make_request
from personal_touch.packs import get
from personal_touch.values import DisclosureCode

if TYPE_CHECKING:
    from personal_touch._policy._model import Request


def request(m: pt.Message, history: tuple[pt.Interaction, ...] = (), **changes: object) -> Request:
    c = customer_in("US-FL", **changes)
    ledger = pt.ConsentLedger("c-1", (grant("marketing.phone"),))
    return make_request(c, m, ledger=ledger, history=history, at=AT, policy=pt.default_policy())


def rule(pack: str, rule_id: str) -> rules.LegalRule:
    found = next(r for r in get(pack).rules if r.id == rule_id)
    assert isinstance(found, rules.LegalRule)
    return found


class TestHelpers:
    def test_transactional_needs_no_grant_purpose(self) -> None:
        """Transactional messages map to no grant purpose, so no grants are looked up."""
        r = request(message("transactional"))
        assert () == rules.grants(r, rules.CONSENT_BASES)
        assert rules.purpose_key(pt.MessagePurpose.TRANSACTIONAL) is None
        assert "relationship" == rules.purpose_key(pt.MessagePurpose.SURVEY)

    def test_local_now_from_a_stdlib_datetime(self) -> None:
        """A request whose local time is a plain datetime is converted to the contact's zone."""
        r = request(message())
        plain = attrs.evolve(r, local=dt.datetime(2026, 11, 30, 10, tzinfo=dt.UTC))
        assert "America/New_York" == rules.local_now(plain).timezone_name

    def test_last_event_ignores_the_future(self) -> None:
        """Interactions after the instant asked about are not counted."""
        later = touch(AT.add(hours=1), "email", kind="unsubscribed")
        r = request(message(), history=(later,))
        kinds = frozenset({pt.InteractionKind.UNSUBSCRIBED})
        assert rules.last_event(r, kinds) is None

    def test_call_cap_needs_one_period(self) -> None:
        """A cap counts over hours or calendar days, not both or neither."""
        with pytest.raises(pt.exceptions.InvalidFieldError, match="exactly one"):
            rules.CallCap(id="X-1", statement="s", citation="c", limit=1)
        with pytest.raises(pt.exceptions.InvalidFieldError, match="exactly one"):
            rules.CallCap(id="X-1", statement="s", citation="c", limit=1, hours=1, calendar_days=1)


class TestCallCapCounting:
    def test_only_solicitation_calls_count(self) -> None:
        """Calls of other purposes, other channels, other kinds and future calls do not count."""
        cap = rule("US-FL", "US-FL-501-02")
        history = (
            touch(AT.subtract(hours=1), "phone", purpose="transactional"),
            touch(AT.subtract(hours=2), "email"),
            touch(AT.subtract(hours=3), "phone", kind="replied"),
            touch(AT.subtract(hours=4), "phone"),
            touch(AT.subtract(hours=5), "phone"),
            touch(AT.add(hours=1), "phone"),
        )
        r = request(message("marketing", "phone", authorship="human"), history=history)
        assert () == tuple(cap(r))
        r = request(
            message("marketing", "phone", authorship="human"),
            history=(
                *history[:5],
                touch(AT.subtract(hours=6), "phone"),
                touch(AT.add(hours=1), "phone"),
            ),
        )
        assert ["frequency_cap"] == [o.code for o in cap(r)]


def _de(m: pt.Message, **changes: object) -> Request:
    c = customer_in("DE", **changes)
    return make_request(
        c, m, ledger=pt.ConsentLedger("c-1", ()), history=(), at=AT, policy=pt.default_policy()
    )


def _content_rule(*attrs_: str) -> rules.LegalRule:
    requirements = tuple(
        (a, DisclosureCode.UNSUBSCRIBE if a == "unsubscribe_offered" else None, f"{a}_x", a)
        for a in attrs_
    )
    return rules.ContentRequirement(
        id="X-C-1",
        statement="s",
        citation="c",
        channels=rules.ELECTRONIC,
        requirements=requirements,
    )


def _sensitive(content: tuple[str, ...] = (), targeting: tuple[str, ...] = ()) -> Request:
    facts = [
        pt.Fact(
            key="health.cond",
            value="x",
            provenance="stated",
            recorded_at=AT.subtract(days=1),
            sensitivity="health",
        ),
        pt.Fact(
            key="interests.food", value="x", provenance="stated", recorded_at=AT.subtract(days=1)
        ),
    ]
    m = message(content_facts=content, targeting_facts=targeting)
    return _de(m, facts=facts)


class TestFastPaths:
    def test_content_rule_returns_the_same_outcomes_every_call(self) -> None:
        """A content rule's outcomes are built once and returned as the same objects."""
        r = rule("EU-EPD", "EU-EPD-ART13-04")
        req = _de(message())
        first, second = tuple(r(req)), tuple(r(req))
        assert [o.code for o in first] == ["content_required", "content_required"]
        assert all(a is b for a, b in zip(first, second, strict=True))

    def test_content_rule_reuses_outcomes_across_flag_combinations(self) -> None:
        """A missing element adds its denial; the disclosures stay the same objects."""
        r = rule("EU-EPD", "EU-EPD-ART13-04")
        full = tuple(r(_de(message())))
        flags = pt.ContentFlags.declared(unsubscribe_offered=False)
        lacking = tuple(r(_de(message(content=flags))))
        assert ["content_required", "unsubscribe_missing", "content_required"] == [
            o.code for o in lacking
        ]
        assert full[0] is lacking[0]
        assert full[1] is lacking[2]

    def test_content_rule_with_one_requirement(self) -> None:
        """A rule with a single requirement denies when it is missing and discloses always."""
        r = _content_rule("unsubscribe_offered")
        assert ["content_required"] == [o.code for o in r(_de(message()))]
        flags = pt.ContentFlags.declared(unsubscribe_offered=False)
        assert ["unsubscribe_offered_x", "content_required"] == [
            o.code for o in r(_de(message(content=flags)))
        ]

    def test_an_evolved_content_rule_carries_its_own_id(self) -> None:
        """A copy of a content rule under another id builds outcomes with that id."""
        r = _content_rule("sender_identified", "unsubscribe_offered")
        req = _de(message())
        assert {"X-C-1"} == {o.rule for o in r(req)}
        copy = attrs.evolve(r, id="X-C-2")
        assert {"X-C-2"} == {o.rule for o in copy(req)}
        assert {"X-C-1"} == {o.rule for o in r(req)}

    def test_special_categories_skip_contacts_without_special_facts(self) -> None:
        """Without a fact of the rule's categories among those used, nothing is returned."""
        r = rule("EU-GDPR", "EU-GDPR-ART9-01")
        req = _sensitive(content=("interests",))
        assert () == tuple(r(req))
        req = _de(message(content_facts=("interests",)))
        assert () == tuple(r(req))

    def test_special_categories_match_exact_keys_and_prefixes(self) -> None:
        """A special-category fact is found by its exact key or by a prefix of it."""
        r = rule("EU-GDPR", "EU-GDPR-ART9-01")
        for key in ("health", "health.cond"):
            req = _sensitive(content=(key,), targeting=(key,))
            assert [pt.Verdict.DENY.value, "withhold"] == [
                "deny" if type(o).__name__ == "Deny" else "withhold" for o in r(req)
            ]
            assert {"health.cond"} == {o.key for o in r(req) if hasattr(o, "key")}

    def test_special_facts_of_a_plain_mapping(self) -> None:
        """Special facts are found in a request whose facts are a plain dict (not memoised)."""
        req = _sensitive()
        plain = attrs.evolve(req, facts=dict(req.facts))
        assert ["health.cond"] == [f.key for f in rules.special_facts(plain)]
        assert ["health.cond"] == [f.key for f in rules.special_facts(req)]

    def test_special_facts_remembered_by_the_snapshot(self) -> None:
        """Special facts are found once per request's snapshot, which keeps the answer."""
        req = _sensitive()
        first = rules.special_facts(req)
        assert ["health.cond"] == [f.key for f in first]
        assert first is rules.special_facts(req)
        assert first in req._memo.values()

    def test_a_rule_on_ordinary_facts_looks_at_every_fact(self) -> None:
        """A special-category rule whose categories include ordinary sees ordinary facts too."""
        r = rules.SpecialCategories(
            id="X-S-1",
            statement="s",
            citation="c",
            categories=frozenset({pt.Sensitivity.ORDINARY}),
        )
        req = _sensitive(content=("interests.food", "health"))
        assert ["interests.food"] == [o.key for o in r(req)]  # type: ignore[union-attr]

    def test_special_categories_ignore_facts_of_other_categories(self) -> None:
        """A special fact outside the rule's categories (finances for GDPR Art. 9) is not held."""
        r = rule("EU-GDPR", "EU-GDPR-ART9-01")
        fact = pt.Fact(
            key="finance.acct",
            value="x",
            provenance="stated",
            recorded_at=AT.subtract(days=1),
            sensitivity="finances",
        )
        req = _de(message(content_facts=("finance",)), facts=[fact])
        assert ["finance.acct"] == [f.key for f in rules.special_facts(req)]
        assert () == tuple(r(req))

    def test_helper_answers_stay_right_when_asked_again(self) -> None:
        """Asking the grant and history helpers twice gives the same answers."""
        gone = touch(AT.subtract(days=1), "email", kind="unsubscribed")
        c = customer_in("DE")
        ledger = pt.ConsentLedger("c-1", (grant("marketing.email"),))
        req = make_request(
            c, message(), ledger=ledger, history=(gone,), at=AT, policy=pt.default_policy()
        )
        kinds = frozenset({pt.InteractionKind.UNSUBSCRIBED})
        for _ in range(2):
            assert ["g-marketing.email"] == [g.id for g in rules.grants(req, rules.CONSENT_BASES)]
            assert gone is rules.last_event(req, kinds)

    def test_last_event_without_matching_stamps(self) -> None:
        """A hand-made request whose stamps do not match its history compares the instants."""
        gone = touch(AT.subtract(days=1), "email", kind="unsubscribed")
        later = touch(AT.add(days=1), "email", kind="unsubscribed")
        req = attrs.evolve(_de(message()), history=(gone, later))
        kinds = frozenset({pt.InteractionKind.UNSUBSCRIBED})
        assert () == req.history_stamps
        assert gone is rules.last_event(req, kinds)

    def test_content_rule_answers_a_new_message(self) -> None:
        """After one message, another message's flags get their own outcomes."""
        r = rule("EU-EPD", "EU-EPD-ART13-04")
        assert 2 == len(tuple(r(_de(message()))))
        flags = pt.ContentFlags.declared(sender_identified=False, unsubscribe_offered=False)
        assert 4 == len(tuple(r(_de(message(content=flags)))))
        assert 2 == len(tuple(r(_de(message()))))
