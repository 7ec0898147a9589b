"""
Compiling a policy for one kind of message: the rules to ask and how they are called.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

import personal_touch as pt
from builders import AT, FULL, message, traveller
from personal_touch import rules
from personal_touch._policy._compile import compile_for
from personal_touch.values import Authorship


@attrs.frozen(kw_only=True)
class Always(rules.LegalRule):
    """Denies every message inside its guard."""

    def check(self, request: rules.Request, /) -> Iterable[rules.Outcome]:
        return (self.deny("always", "denied"),)


@attrs.frozen(kw_only=True)
class OwnGuard(Always):
    """Redefines the guard: never applies."""

    def applies(self, request: rules.Request, /) -> bool:
        return False


def _policy(*shapes: rules.LegalRule) -> pt.Policy:
    return pt.Policy(name="p", version="1", rules=(*rules.CORE_RULES, *shapes))


def _codes(policy: pt.Policy, m: pt.Message, at: dt.datetime = AT) -> set[str]:
    d = pt.decide(traveller(), m, consents=FULL, at=at, policy=policy)
    return {r.code for r in d.reasons}


HUMAN = message(authorship="human")


class TestGuardsCheckedWhenCompiling:
    def test_authorship_guard(self) -> None:
        """A rule for human messages is compiled out for automated ones, and still acts."""
        shape = Always(id="X-1", statement="s", citation="c", authorship=[Authorship.HUMAN])
        policy = _policy(shape)
        automated = compile_for(policy, None, message())
        human = compile_for(policy, None, HUMAN)
        assert automated is not human
        assert len(automated.calls) + 1 == len(human.calls)
        assert "always" not in _codes(policy, message())
        assert "always" in _codes(policy, HUMAN)

    def test_fixed_guard_calls_the_check(self) -> None:
        """A rule whose guard the compile key fixes is called through its check."""
        shape = Always(id="X-2", statement="s", citation="c")
        calls = [c for c, _ in compile_for(_policy(shape), None, message()).calls]
        assert shape.check in calls
        assert "always" in _codes(_policy(shape), message())

    def test_dated_guard_kept(self) -> None:
        """A rule in force only from a date keeps its guard, checked on each decision."""
        start = AT.date() + dt.timedelta(days=10)
        shape = Always(id="X-3", statement="s", citation="c", start=start)
        calls = [c for c, _ in compile_for(_policy(shape), None, message()).calls]
        assert shape in calls
        assert "always" not in _codes(_policy(shape), message())
        assert "always" in _codes(_policy(shape), message(), AT.add(days=11))

    def test_own_guard_kept(self) -> None:
        """A shape that redefines its guard is called as itself."""
        shape = OwnGuard(id="X-4", statement="s", citation="c")
        calls = [c for c, _ in compile_for(_policy(shape), None, message()).calls]
        assert shape in calls
        assert "always" not in _codes(_policy(shape), message())
