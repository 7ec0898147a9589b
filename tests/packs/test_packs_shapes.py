"""
The rule shapes packs are written in: data that pickles, documents itself and guards once.
"""

from __future__ import annotations

import ast
import datetime as dt
import os
import pickle
import subprocess
import sys
import types
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import pytest

import personal_touch as pt
from builders import AT, customer_in, grant, message
from corpus import generate, record
from personal_touch import converters, packs, rules
from personal_touch._policy._prepared import make_request
from personal_touch.packs.eu import ART9_CATEGORIES
from personal_touch.packs.us_states import CPRA_SPI

PACKS_DIR = Path(packs.__file__).parent
SAMPLE = 300


def _every_rule() -> list[rules.LegalRule]:
    out = []
    for pack in packs.all_packs():
        for rule in pack.rules:
            assert isinstance(rule, rules.LegalRule)
            out.append(rule)
    return out


def _callables(value: object, seen: set[int]) -> list[object]:
    # Every function reachable from a rule's fields (rules, tuples, sets, mappings).
    if id(value) in seen:
        return []
    seen.add(id(value))
    if isinstance(value, types.FunctionType | types.MethodType | types.LambdaType):
        return [value]
    if attrs.has(type(value)):
        return [
            c for f in attrs.fields(type(value)) for c in _callables(getattr(value, f.name), seen)
        ]
    if isinstance(value, tuple | list | frozenset | set):
        return [c for v in value for c in _callables(v, seen)]
    if isinstance(value, dict):
        return [c for kv in value.items() for c in _callables(kv, seen)]
    return []


class TestData:
    def test_rules_hold_no_functions(self) -> None:
        """No closure, lambda or function is left in any rule object: rules are data."""
        for rule in _every_rule():
            assert [] == _callables(rule, set()), rule.id

    def test_packs_pickle_and_compare_equal(self) -> None:
        """Every pack survives a pickle round trip as an equal value."""
        for pack in packs.all_packs():
            assert pack == pickle.loads(pickle.dumps(pack))

    def test_unpickled_packs_decide_the_same(self) -> None:
        """A policy of unpickled packs decides a sample of the corpus exactly as the default."""
        default = pt.default_policy()
        again = attrs.evolve(default, packs=pickle.loads(pickle.dumps(default.packs)))
        requests = list(generate.generate(count=SAMPLE, tags=Counter()))
        for request in requests:
            assert record.outcome(request) == _outcome(request, again)

    def test_default_policy_pickles(self) -> None:
        """`default_policy()` survives a pickle round trip and decides the same.

        It has decided before it is pickled, so its compiled rules exist: they stay behind.
        """
        default = pt.default_policy()
        requests = list(generate.generate(count=50, tags=Counter()))
        _outcome(requests[0], default)
        again = pickle.loads(pickle.dumps(default))
        assert again == default
        for request in requests:
            assert record.outcome(request) == _outcome(request, again)

    def test_rules_hash_and_compare_by_value(self) -> None:
        """Two rules built from the same fields are equal and hash alike."""
        rule = packs.get("US-FL").rules[1]
        assert rule == attrs.evolve(rule)
        assert hash(rule) == hash(attrs.evolve(rule))
        assert rule != attrs.evolve(rule, limit=4)


def _outcome(request: Any, policy: pt.Policy) -> dict[str, Any]:
    try:
        decision = request.decide(policy=policy)
    except pt.exceptions.PersonalTouchError as error:
        return {"error": type(error).__name__}
    doc: dict[str, Any] = converters.unstructure(decision)
    doc.pop("decision_id", None)
    return doc


class TestDocumentedParameters:
    def test_every_parameter_is_a_field(self) -> None:
        """Each documented parameter is one of the rule's attrs fields, in its words."""
        for rule in _every_rule():
            fields = attrs.fields(type(rule))
            labels = {
                f.metadata.get("personal_touch.label", f.name.replace("_", " ")) for f in fields
            }
            assert {k for k, _ in rule.params} <= labels, rule.id

    def test_changing_a_field_changes_the_table(self) -> None:
        """The table reads the fields: a new limit or window shows at once."""
        cap = next(r for r in packs.get("US-FL").rules if r.id == "US-FL-501-02")
        assert isinstance(cap, rules.CallCap)
        assert ("limit", "3") in cap.params
        assert ("limit", "5") in attrs.evolve(cap, limit=5).params
        row = packs.rows(
            [rules.Pack(id="X", name="x", countries={"US"}, rules=(attrs.evolve(cap, limit=5),))]
        )
        assert "limit: 5" in row[0].params

    def test_hidden_and_empty_fields_are_not_listed(self) -> None:
        """Ids, codes, statements and empty parameters stay out of the table."""
        rule = rules.ConsentRequired(id="X-1", statement="s", citation="c", channels=["sms"])
        labels = [k for k, _ in rule.params]
        assert [] == [k for k in ("id", "statement", "code", "hint") if k in labels]
        assert "exempt while in force" not in labels
        assert ("channels", "sms") in rule.params

    def test_values_print_plainly(self) -> None:
        """Dates print as ISO dates, flags as yes/no, referenced rules by their id."""
        soft = rules.SoftOptIn(id="X-2", citation="c", channels=["email"])
        rule = rules.ConsentRequired(
            id="X-1", statement="s", citation="c", start=dt.date(2026, 8, 11), also=[soft]
        )
        assert ("from", "2026-08-11") in rule.params
        assert ("also accepted", "X-2") in rule.params
        minor = rules.MinorCap(id="X-3", statement="s", citation="c", below=18, level="segmented")
        assert ("deny targeting", "no") in minor.params

    def test_alternatives_must_be_rules_that_find_grants(self) -> None:
        """A consent rule's alternatives are kept as a tuple; anything else is refused."""
        soft = rules.SoftOptIn(id="X-2", citation="c", channels=["email"])
        rule = rules.ConsentRequired(id="X-1", statement="s", citation="c", also=[soft])
        assert (soft,) == rule.also
        for bad in ("X-2", ["X-2"], [object()]):
            with pytest.raises(pt.exceptions.InvalidFieldError) as caught:
                rules.ConsentRequired(id="X-1", statement="s", citation="c", also=bad)
            assert "also" == caught.value.field

    def test_param_by_field_name(self) -> None:
        """A parameter is read by its field name; an unknown name is a KeyError."""
        rule = rules.MinorRule(id="X-1", statement="s", citation="c", age=13)
        assert 13 == rule.param("age")
        with pytest.raises(KeyError):
            rule.param("threshold")


class TestGuard:
    def _request(self, m: pt.Message, at: Any = AT, jurisdiction: str = "FR") -> rules.Request:
        c = customer_in(jurisdiction, privacy=pt.PrivacySignals(dnc_registries={"fr_bloctel"}))
        return make_request(
            c, m, ledger=pt.ConsentLedger("c-1", ()), history=(), at=at, policy=pt.default_policy()
        )

    def test_dates_in_force(self) -> None:
        """A rule answers only between its first and last day in force, on the contact's calendar."""
        opt_in = next(r for r in packs.get("FR").rules if r.id == "FR-L2025-594-01")
        call = message("marketing", "phone", authorship="human")
        assert () == tuple(opt_in(self._request(call, at=AT.subtract(years=1))))
        codes = [o.code for o in opt_in(self._request(call))]
        assert ["fr_opt_in_from_2026_08_11"] == codes

    def test_authorship(self) -> None:
        """A rule scoped to automated calls says nothing about a human one."""
        robo = next(r for r in packs.get("EU-EPD").rules if r.id == "EU-EPD-ART13-03")
        human = message("marketing", "phone", authorship="human")
        automated = message("marketing", "phone", authorship="automated")
        assert () == tuple(robo(self._request(human)))
        assert ["prior_consent_required"] == [o.code for o in robo(self._request(automated))]

    def test_exempt_while_in_force(self) -> None:
        """An ongoing contract exempts from the Bloctel registry check."""
        bloctel = next(r for r in packs.get("FR").rules if r.id == "FR-CONSO-L223-1-01")
        call = message("marketing", "phone", authorship="human")
        before = AT.subtract(years=1)
        assert ["dnc_registry"] == [o.code for o in bloctel(self._request(call, at=before))]
        assert () == tuple(bloctel(self._request(call)))  # no longer in force
        c = customer_in("FR", privacy=pt.PrivacySignals(dnc_registries={"fr_bloctel"}))
        contract = grant("relationship", "contract", granted_at=before.subtract(months=1))
        ledger = pt.ConsentLedger("c-1", (contract,))
        req = make_request(
            c, call, ledger=ledger, history=(), at=before, policy=pt.default_policy()
        )
        assert () == tuple(bloctel(req))

    def test_rules_state_their_scope(self) -> None:
        """Shapes and function rules state the channels and purposes the engine filters by."""
        for rule in _every_rule():
            assert isinstance(rule, rules.ScopedRule), rule.id
        assert isinstance(rules.CORE_RULES[0], rules.ScopedRule)
        assert not isinstance(object(), rules.ScopedRule)

    def test_a_shape_without_check_says_so(self) -> None:
        """The base class leaves the check to each shape."""
        bare = rules.LegalRule(id="X-1", statement="s", citation="c")
        with pytest.raises(NotImplementedError):
            bare(self._request(message()))

    def test_bad_parameters_are_refused(self) -> None:
        """Unknown channels, a confidence outside S/I/V and a zero period are refused."""
        with pytest.raises(pt.exceptions.PersonalTouchError):
            rules.ConsentRequired(id="X", statement="s", citation="c", channels=["pigeon"])
        with pytest.raises(ValueError, match="confidence"):
            rules.Objection(id="X", statement="s", citation="c", confidence="Z")
        with pytest.raises(pt.exceptions.InvalidFieldError, match="hours"):
            rules.CallCap(id="X", statement="s", citation="c", limit=1, hours=0)


class TestMinorThresholds:
    def test_country_ages_and_the_strictest_for_unknown(self) -> None:
        """GDPR Art. 8: the member state's age, 16 by default and for an unknown country."""
        art8 = next(r for r in packs.get("EU-GDPR").rules if r.id == "EU-GDPR-ART8-01")
        assert isinstance(art8, rules.MinorRule)
        for place, expected in (("FR", 15), ("DE", 16), ("BE", 13), (None, 16)):
            c = customer_in(place)
            req = make_request(
                c,
                message(),
                ledger=pt.ConsentLedger("c-1", ()),
                history=(),
                at=AT,
                policy=pt.default_policy(),
            )
            assert expected == art8.threshold(req), place


class TestVocabulary:
    def test_marketing_purposes_are_what_an_unsubscribe_bars(self) -> None:
        """One set of direct-marketing purposes (the suppression list's default is the same)."""
        entry = pt.Suppression(contact_id="c-1", since=AT)
        by_address = pt.Suppression.for_address("a@example.org", since=AT)
        assert rules.MARKETING_PURPOSES == entry.purposes == by_address.purposes

    def test_the_law_asks_for_the_purpose_it_names(self) -> None:
        """A consent request is marketing in law, a survey part of the relationship."""
        key = rules.purpose_key
        assert "marketing" == key(pt.MessagePurpose.MARKETING)
        assert "marketing" == key(pt.MessagePurpose.CONSENT_REQUEST)
        assert "relationship" == key(pt.MessagePurpose.RELATIONSHIP)
        assert "relationship" == key(pt.MessagePurpose.SURVEY)
        assert "fundraising" == key(pt.MessagePurpose.FUNDRAISING)
        assert key(pt.MessagePurpose.TRANSACTIONAL) is None
        for purpose in pt.MessagePurpose:
            assert key(purpose) is None or key(purpose) in rules.PURPOSE_KEYS[purpose]

    def test_packs_import_only_the_public_rule_api(self) -> None:
        """No pack imports the engine's private modules or the rule shapes' private ones."""
        for path in PACKS_DIR.glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom):
                    name = "." * node.level + (node.module or "")
                    assert "_policy" not in name, (path.name, name)
                    assert not name.startswith("..rules."), (path.name, name)


class TestSensitivityLists:
    @pytest.mark.parametrize(
        ("category", "gdpr", "cpra"),
        [
            (pt.Sensitivity.HEALTH, True, True),
            (pt.Sensitivity.REPRODUCTIVE_HEALTH, True, True),
            (pt.Sensitivity.SEX_LIFE, True, True),
            (pt.Sensitivity.RELIGION, True, True),
            (pt.Sensitivity.POLITICAL_OPINIONS, True, False),
            (pt.Sensitivity.RACIAL_ETHNIC_ORIGIN, True, True),
            (pt.Sensitivity.GENETIC, True, True),
            (pt.Sensitivity.BIOMETRIC, True, True),
            (pt.Sensitivity.TRADE_UNION, True, True),
            (pt.Sensitivity.CRIMINAL_RECORD, False, False),
            (pt.Sensitivity.FINANCES, False, True),
            (pt.Sensitivity.PRECISE_LOCATION, False, True),
            (pt.Sensitivity.CHILDREN, False, False),
            (pt.Sensitivity.IMMIGRATION_STATUS, False, True),
            (pt.Sensitivity.GOVERNMENT_ID, False, True),
            (pt.Sensitivity.BEREAVEMENT, False, False),
            (pt.Sensitivity.ORDINARY, False, False),
        ],
    )
    def test_legal_lists(self, category: pt.Sensitivity, gdpr: bool, cpra: bool) -> None:
        """The EU pack lists the GDPR Art. 9(1) categories, the California pack the CPRA's."""
        assert (gdpr, cpra) == (category in ART9_CATEGORIES, category in CPRA_SPI)

    def test_deprecated_enum_properties_warn_and_agree_with_the_packs(self) -> None:
        """`Sensitivity.gdpr_article_9`/`.cpra_sensitive` warn, and still match the packs' lists."""
        for s in pt.Sensitivity:
            with pytest.warns(DeprecationWarning, match="ART9_CATEGORIES"):
                assert (s in ART9_CATEGORIES) == s.gdpr_article_9
            with pytest.warns(DeprecationWarning, match="CPRA_SPI"):
                assert (s in CPRA_SPI) == s.cpra_sensitive

    def test_the_packs_do_not_read_the_law_from_the_enum(self) -> None:
        """Building every pack and deciding never touches the deprecated enum properties."""
        code = (
            "import itertools, sys; sys.path.insert(0, 'tests')\n"
            "from corpus import generate, record\n"
            "for r in generate.generate(count=30): record.outcome(r)\n"
        )
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        done = subprocess.run(
            [sys.executable, "-W", "error::DeprecationWarning", "-c", code],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            cwd=Path(__file__).parents[2],
        )
        assert 0 == done.returncode, done.stderr[-2000:]
