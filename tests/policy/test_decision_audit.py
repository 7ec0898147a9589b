"""
A decision's audit fields (its id and fact-set digest) are computed on first read.
"""

from __future__ import annotations

import copy
import json
import pickle
from collections.abc import Callable
from types import MemberDescriptorType
from typing import Any

import attrs
import pytest

import personal_touch as pt
from builders import AT, CORE, FULL, message, touch, traveller
from personal_touch import converters
from personal_touch._audited_later import is_filled

HISTORY = (touch(AT.subtract(days=2), kind="felt_intrusive"), touch(AT.subtract(hours=2)))
MESSAGE = message(level="personal", content_facts=["travel.next_trip", "purchases.last"])


def _fresh() -> pt.Decision:
    return pt.decide(traveller(), MESSAGE, consents=FULL, history=HISTORY, at=AT, policy=CORE)


def _built(d: pt.Decision) -> pt.Decision:
    """The same decision built through attrs, with every field given."""
    return pt.Decision(**{a.name: getattr(d, a.name) for a in attrs.fields(pt.Decision)})


#: Ways a decision's fields are first read.
FIRST_READS: dict[str, Callable[[pt.Decision], object]] = {
    "id": lambda d: d.decision_id,
    "facts digest": lambda d: d.facts_digest,
    "equality": lambda d: d == _fresh(),
    "hash": hash,
    "pickle": lambda d: pickle.loads(pickle.dumps(d)),
    "deepcopy": copy.deepcopy,
    "evolve": attrs.evolve,
    "json": converters.unstructure,
    "repr": repr,
    "explain": pt.Decision.explain,
}


class TestLazyAuditFields:
    @pytest.mark.parametrize("name", sorted(FIRST_READS))
    def test_same_fields_however_first_read(self, name: str) -> None:
        """Whatever reads a decision first, its id and digest are those of a full read."""
        expected = _fresh()
        reference = (expected.decision_id, expected.facts_digest)
        d = _fresh()
        FIRST_READS[name](d)
        assert reference == (d.decision_id, d.facts_digest)
        assert expected == d
        assert _built(expected) == d

    def test_pickled_unread(self) -> None:
        """A decision pickled before its id is read carries the id."""
        d = _fresh()
        copy_ = pickle.loads(pickle.dumps(d))
        assert _fresh().decision_id == copy_.decision_id
        assert _fresh() == copy_

    def test_json_round_trip_unread(self) -> None:
        """A decision unstructured before its id is read round-trips through JSON."""
        d = _fresh()
        doc = json.loads(json.dumps(converters.unstructure(d)))
        assert _fresh().decision_id == doc["decision_id"]
        assert d == converters.structure(doc, pt.Decision)

    def test_inputs_let_go_once_read(self) -> None:
        """Once both fields are read, the decision no longer holds its inputs."""
        d = _fresh()
        assert d._audit is not None  # type: ignore[attr-defined]
        _ = d.decision_id
        assert d._audit is not None  # type: ignore[attr-defined]
        _ = d.facts_digest
        assert d._audit is None  # type: ignore[attr-defined]

    def test_prepared_decisions_share_digests(self) -> None:
        """Decisions from one snapshot read the same input digests (and ids as direct ones)."""
        p = pt.prepare(traveller(), consents=FULL, history=HISTORY, at=AT, policy=CORE)
        ds = [pt.decide(p, m) for m in (MESSAGE, message(), message(channel="sms"))]
        assert p._audit is None  # nothing digested before an id is read
        ids = [d.decision_id for d in ds]
        audit = p._audit
        assert audit is not None
        assert audit is p._digests()
        direct = [
            pt.decide(traveller(), m, consents=FULL, history=HISTORY, at=AT, policy=CORE)
            for m in (MESSAGE, message(), message(channel="sms"))
        ]
        assert [d.decision_id for d in direct] == ids
        assert len(set(ids)) == 3

    def test_a_built_decision_needs_nothing(self) -> None:
        """A decision built by hand holds its fields; unknown attributes still raise."""
        d = _built(_fresh())
        assert _fresh().decision_id == d.decision_id
        with pytest.raises(AttributeError, match="no_such"):
            d.no_such  # type: ignore[attr-defined]  # noqa: B018
        with pytest.raises(AttributeError):
            pt.Decision.__new__(pt.Decision).decision_id  # noqa: B018

    def test_plain_slots_but_the_audit_fields(self) -> None:
        """No __getattr__ hook: every field but the two audit ones is a plain slot."""
        assert not hasattr(pt.Decision, "__getattr__")
        lazy = {
            a.name
            for a in attrs.fields(pt.Decision)
            if not isinstance(pt.Decision.__dict__[a.name], MemberDescriptorType)
        }
        assert {"decision_id", "facts_digest"} == lazy
        assert isinstance(pt.Decision.decision_id, MemberDescriptorType)  # as attrs made it

    def test_filled_once(self) -> None:
        """A field read fills its slot once; the audit inputs are read no more."""
        d = _fresh()
        assert not is_filled(d, "decision_id")
        first = d.decision_id
        assert is_filled(d, "decision_id")
        assert not is_filled(d, "facts_digest")
        assert first is d.decision_id

    def test_beyond_the_calendar(self) -> None:
        """A denial for date arithmetic beyond the calendar gets its id lazily too."""

        @pt.rules.rule("overflowing")
        def overflowing(request: pt.rules.Request) -> tuple[()]:
            raise OverflowError("date value out of range")

        policy = pt.Policy(name="p", version="1", rules=(overflowing,))
        kwargs: dict[str, Any] = {"consents": FULL, "at": AT, "policy": policy}
        d = pt.decide(traveller(), message(), **kwargs)
        again = pt.decide(traveller(), message(), **kwargs)
        assert ["date_out_of_range"] == [r.code for r in d.reasons]
        assert d.decision_id == again.decision_id
        assert _built(again) == d


class TestCheckFacts:
    def test_the_contact_decided_on_needs_no_digest(self) -> None:
        """Checking the very contact object decided on leaves the fact-set digest unread."""
        c = traveller()
        d = pt.decide(c, MESSAGE, consents=FULL, history=HISTORY, at=AT, policy=CORE)
        found = d.check_facts(c)
        assert sorted(found) == sorted(a.key for a in d.approved_facts)
        assert not is_filled(d, "facts_digest")

    def test_a_copy_with_the_same_facts_passes(self) -> None:
        """Another object with the same facts is checked by digest, and passes."""
        c = traveller()
        d = pt.decide(c, MESSAGE, consents=FULL, history=HISTORY, at=AT, policy=CORE)
        twin = converters.structure(converters.unstructure(c), pt.Contact)
        assert twin is not c
        assert d.check_facts(twin).keys() == d.check_facts(c).keys()

    def test_changed_facts_are_refused(self) -> None:
        """A contact whose facts changed since the decision is refused, digest or not."""
        c = traveller()
        d = pt.decide(c, MESSAGE, consents=FULL, history=HISTORY, at=AT, policy=CORE)
        extra = pt.Fact(key="interests.golf", value="yes", provenance="stated", recorded_at=AT)
        changed = attrs.evolve(c, facts=(*c.facts, extra))
        with pytest.raises(pt.exceptions.StaleDecisionError):
            d.check_facts(changed)
