"""
A policy compiled for one jurisdiction and kind of message: the rules to ask, in order.

The policy keeps what it compiled (:attr:`Policy._compiled <personal_touch.Policy>`, left
behind when a policy is pickled): the first decision for a jurisdiction, channel, purpose and
authorship compiles the list, every later one reuses it.  A rule's guard that the list fixes
(its channels, purposes and authorship) is checked there, once, not per decision.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Literal

from .._decision import Effect, Reason
from ..rules._legal import LegalRule
from ._audit import message_text
from ._model import Cap, Defer, Deny, Disclose, FunctionRule, Note, Outcome, Permit, Withhold

if TYPE_CHECKING:
    from .._contacts import Jurisdiction
    from .._levels import Level
    from .._message import Message
    from ._model import Pack, Request, Rule
    from ._policy import Policy

__all__ = ["Compiled", "compile_for"]

#: How many outcomes a compiled policy remembers the reasons of (rules that return the same
#: outcome object every time get the same reason back); small, as transient outcomes pass.
REASONS_MAX = 512

_new = object.__new__
_set = object.__setattr__


class Compiled:
    """
    The rules that hear one kind of message in one jurisdiction, and what they share.

    Attributes:
        packs: The packs that apply.
        pack_ids: Their ids, in policy order.
        calls: Each rule's callable and whether it is a pack's rule.
        personalization_bases: The lawful bases the packs accept for personalization.
        known: Whether the jurisdiction is known.
        digest: The policy's name and version and each pack's id and version.
    """

    __slots__ = (
        "_message",
        "_reasons",
        "calls",
        "digest",
        "known",
        "pack_ids",
        "packs",
        "personalization_bases",
    )

    def __init__(
        self,
        packs: tuple[Pack, ...],
        calls: tuple[tuple[Callable[[Request], Iterable[Outcome]], bool], ...],
        personalization_bases: dict[str, Level],
        *,
        known: bool,
        digest: str,
    ) -> None:
        self.packs = packs
        self.pack_ids = tuple(p.id for p in packs)
        self.calls = calls
        self.personalization_bases = personalization_bases
        self.known = known
        self.digest = digest
        self._message: tuple[Message, str] | None = None
        self._reasons: dict[int, tuple[Outcome, Reason]] = {}

    def message_text(self, message: Message) -> str:
        """The audit text of *message*, remembered for the last message (a campaign's)."""
        last = self._message
        if last is not None and last[0] is message:
            return last[1]
        text = message_text(message)
        self._message = (message, text)
        return text

    def reason(self, o: Outcome) -> Reason:
        """The reason recording outcome *o*."""
        hit = self._reasons.get(id(o))
        if hit is not None and hit[0] is o:
            return hit[1]
        r = _build_reason(o)
        if len(self._reasons) >= REASONS_MAX:
            self._reasons.clear()
        self._reasons[id(o)] = (o, r)
        return r


EFFECTS: dict[type, Effect] = {
    Permit: Effect.PERMIT,
    Deny: Effect.DENY,
    Defer: Effect.DEFER,
    Cap: Effect.CAP,
    Withhold: Effect.WITHHOLD,
    Disclose: Effect.DISCLOSE,
    Note: Effect.NOTE,
}


def _build_reason(o: Outcome) -> Reason:
    # Built from already-typed values: set the slots directly instead of running the
    # converters again (the result equals Reason(...); tested).
    r: Reason = _new(Reason)
    _set(r, "rule", o.rule)
    _set(r, "effect", EFFECTS[type(o)])
    _set(r, "code", o.code)
    _set(r, "message", o.message)
    _set(r, "citation", o.citation)
    _set(r, "level", o.level if type(o) is Cap else None)
    _set(r, "hint", getattr(o, "hint", None))
    _set(r, "standard", getattr(o, "standard", None))
    return r


def _wanted(rule: Rule, message: Message) -> bool:
    # The optional members of the Rule protocol: a rule without them hears every message.
    channels = getattr(rule, "channels", None)
    if channels is not None and message.channel not in channels:
        return False
    purposes = getattr(rule, "purposes", None)
    return purposes is None or message.purpose in purposes


def _callable(
    rule: Rule, message: Message
) -> Callable[[Request], Iterable[Outcome]] | Literal[False]:
    """
    What to call for *rule* on messages like *message*; ``False`` if it never acts on them.

    A function rule's function; a legal rule's check when its guard (channels, purposes,
    authorship; no dates) holds for every such message, as the compile key fixes them (the
    guard of a shape that redefines it is left to the shape); else the rule itself.
    """
    if type(rule) is FunctionRule:
        return rule.fn
    if (
        isinstance(rule, LegalRule)
        and type(rule).__call__ is LegalRule.__call__
        and type(rule).applies is LegalRule.applies
    ):
        if rule.authorship is not None and message.authorship not in rule.authorship:
            return False
        if rule.start is None and rule.end is None:
            return rule.check
    return rule


def compile_for(policy: Policy, jurisdiction: Jurisdiction | None, message: Message) -> Compiled:
    """
    *policy* compiled for *jurisdiction* and messages like *message* (kept by the policy).
    """
    where = None if jurisdiction is None else str(jurisdiction)
    key = ("compiled", where, message.channel, message.purpose, message.authorship)
    found = policy._compiled.get(key)
    if found is not None:
        return found  # type: ignore[return-value]
    packs = policy.packs_for(jurisdiction)
    rules: list[tuple[Rule, bool]] = [(r, False) for r in policy.rules if _wanted(r, message)]
    for p in packs:
        rules.extend((r, True) for r in p.rules if _wanted(r, message))
    bases: dict[str, Level] = {}
    if jurisdiction is not None:
        for p in packs:
            for basis, level in p.personalization_bases.items():
                prev = bases.get(basis)
                bases[basis] = level if prev is None or level < prev else prev
    digest = ";".join([policy.name, policy.version, *(f"{p.id}@{p.version}" for p in packs)])
    compiled = Compiled(
        packs,
        tuple((call, p) for r, p in rules if (call := _callable(r, message)) is not False),
        bases,
        known=jurisdiction is not None,
        digest=digest,
    )
    policy._compiled[key] = compiled
    return compiled
