"""
A policy: ordered core rules, jurisdiction packs and the parameters rules read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Self

import attrs

from .._contacts import Jurisdiction, QuietHours
from .._interactions import InteractionKind
from .._levels import Authorship, Level
from .._sender import SenderProfile
from .._stages import Stage
from .._standard import Standard
from .._validators import boolean, instance_of, integer, items, lookup, tuple_of
from ..exceptions import InvalidFieldError
from ._model import Pack, Rule

__all__ = ["DEFAULT_STAGE_TABLE", "DialBack", "Policy", "StageTable"]

_S = Stage
_L = Level
_A = Authorship


def _table(
    value: Mapping[tuple[Stage, Authorship], Level],
) -> Mapping[tuple[Stage, Authorship], Level]:
    if not isinstance(value, Mapping) or not all(
        isinstance(k, tuple) and len(k) == 2  # noqa: PLR2004 - a (stage, authorship) pair
        for k in value
    ):
        raise InvalidFieldError("stage_table", "expected a mapping of (stage, authorship) to level")
    out = {(Stage(s), Authorship(a)): Level(lv) for (s, a), lv in value.items()}
    for s in Stage:
        for a in Authorship:
            if (s, a) not in out:
                raise InvalidFieldError(
                    "stage_table", "needs a level for every stage and authorship"
                )
    return out


def _reply_table(value: Mapping[Authorship, Level]) -> Mapping[Authorship, Level]:
    if not isinstance(value, Mapping):
        raise InvalidFieldError("inquiry_reply", "expected a mapping of authorship to level")
    return {Authorship(a): Level(lv) for a, lv in value.items()}


@attrs.frozen(kw_only=True)
class StageTable:
    """
    The consent-creep ceiling by stage and authorship.

    The consent-creep ceiling: how personal a message may be, by the contact's stage and
    the message's authorship.

    The earlier a person is in their relationship with us, the creepier personal attention
    feels, and automation that pretends to be personal is worst of all (the seeds'
    *consent-creep correlation* and "personalization is not automated").  So an automated
    message to someone who just noticed us stays SEGMENTED, while a customer may get a
    message about their own behaviour with us, and only a human being reaches INDIVIDUAL.
    A human answering the person's own inquiry may be INDIVIDUAL at any stage: they asked.

    Args:
        levels: The ceiling for every ``(stage, authorship)`` pair.
        inquiry_reply: The ceiling for a reply to the person's own inquiry, by authorship;
            the higher of this and :attr:`levels` applies.

    .. versionadded:: 0.1.0
    """

    levels: Mapping[tuple[Stage, Authorship], Level] = attrs.field(
        converter=_table, eq=False, hash=False
    )
    inquiry_reply: Mapping[Authorship, Level] = attrs.field(
        factory=dict, converter=_reply_table, eq=False, hash=False
    )

    def ceiling(self, stage: Stage, authorship: Authorship, *, inquiry: bool = False) -> Level:
        """
        The highest level for *stage* and *authorship*.
        """
        level = self.levels[stage, authorship]
        if inquiry:
            reply = self.inquiry_reply.get(authorship)
            if reply is not None and reply > level:
                return reply
        return level

    def with_level(self, stage: Stage, authorship: Authorship, level: Level) -> Self:
        """
        A copy with the ceiling for *stage* and *authorship* set to *level*.
        """
        levels = dict(self.levels)
        levels[Stage(stage), Authorship(authorship)] = Level(level)
        return attrs.evolve(self, levels=levels)


#: The default stage table (rows: stage; columns: automated, assisted, human).
DEFAULT_STAGE_TABLE = StageTable(
    levels={
        (_S.AWARENESS, _A.AUTOMATED): _L.SEGMENTED,
        (_S.AWARENESS, _A.ASSISTED): _L.CUSTOMIZED,
        (_S.AWARENESS, _A.HUMAN): _L.CUSTOMIZED,
        (_S.CONSIDERATION, _A.AUTOMATED): _L.CUSTOMIZED,
        (_S.CONSIDERATION, _A.ASSISTED): _L.CONTEXTUAL,
        (_S.CONSIDERATION, _A.HUMAN): _L.CONTEXTUAL,
        (_S.DECISION, _A.AUTOMATED): _L.CUSTOMIZED,
        (_S.DECISION, _A.ASSISTED): _L.CONTEXTUAL,
        (_S.DECISION, _A.HUMAN): _L.PERSONAL,
        # A lapsed customer bought once but has gone quiet: what we know of them is old and
        # the relationship is cooling, so attention that would be welcome from an active
        # customer reads as watching.  One step below a customer, as a decision-stage lead.
        (_S.LAPSED_CUSTOMER, _A.AUTOMATED): _L.CUSTOMIZED,
        (_S.LAPSED_CUSTOMER, _A.ASSISTED): _L.CONTEXTUAL,
        (_S.LAPSED_CUSTOMER, _A.HUMAN): _L.PERSONAL,
        (_S.CUSTOMER, _A.AUTOMATED): _L.CONTEXTUAL,
        (_S.CUSTOMER, _A.ASSISTED): _L.PERSONAL,
        (_S.CUSTOMER, _A.HUMAN): _L.INDIVIDUAL,
        # A supporter (a charity's donor, member or volunteer) is a non-profit's customer.
        (_S.SUPPORTER, _A.AUTOMATED): _L.CONTEXTUAL,
        (_S.SUPPORTER, _A.ASSISTED): _L.PERSONAL,
        (_S.SUPPORTER, _A.HUMAN): _L.INDIVIDUAL,
        (_S.REPEAT_CUSTOMER, _A.AUTOMATED): _L.PERSONAL,
        (_S.REPEAT_CUSTOMER, _A.ASSISTED): _L.PERSONAL,
        (_S.REPEAT_CUSTOMER, _A.HUMAN): _L.INDIVIDUAL,
        (_S.ADVOCATE, _A.AUTOMATED): _L.PERSONAL,
        (_S.ADVOCATE, _A.ASSISTED): _L.PERSONAL,
        (_S.ADVOCATE, _A.HUMAN): _L.INDIVIDUAL,
    },
    inquiry_reply={
        _A.AUTOMATED: _L.CUSTOMIZED,
        _A.ASSISTED: _L.CONTEXTUAL,
        _A.HUMAN: _L.INDIVIDUAL,
    },
)


@attrs.frozen
class DialBack:
    """
    After a negative reaction of *kind*, cap the level at *level* for *days* days.

    .. versionadded:: 0.1.0
    """

    kind: InteractionKind = attrs.field(converter=InteractionKind)
    days: int
    level: Level = attrs.field(converter=Level)


#: Default dial-back: an intrusive-feeling gesture, a complaint, an unsubscribe.
DEFAULT_DIAL_BACK = (
    DialBack(InteractionKind.FELT_INTRUSIVE, 90, Level.SEGMENTED),
    DialBack(InteractionKind.COMPLAINED, 180, Level.GENERIC),
    DialBack(InteractionKind.UNSUBSCRIBED, 30, Level.SEGMENTED),
)

#: Default maximum age of a fact by provenance, in days (``None``: no limit).
DEFAULT_FACT_MAX_AGE: Mapping[str, int | None] = {
    "stated": None,
    "system": None,
    "observed": 365,
    "inferred": 180,
    "third_party": 365,
}


def _rules(values: Iterable[Rule]) -> tuple[Rule, ...]:
    rules = tuple(items(values, "rules"))
    seen: set[str] = set()
    for r in rules:
        if not callable(r) or not isinstance(getattr(r, "id", None), str):
            raise InvalidFieldError("rules", "expected rules: callables with a string id")
        if r.id in seen:
            raise InvalidFieldError("rules", "rule ids must be unique")
        seen.add(r.id)
    return rules


#: Quiet hours for contacts who set none: 21:00 to 08:00, end exclusive.
DEFAULT_QUIET_HOURS = QuietHours(dt.time(21, 0), dt.time(8, 0))


def _packs(values: Iterable[Pack]) -> tuple[Pack, ...]:
    return tuple_of(Pack, values, "packs")


def _dial_back(values: Iterable[DialBack]) -> tuple[DialBack, ...]:
    return tuple_of(DialBack, values, "dial_back")


_check_age = integer("fact_max_age", low=0)


def _ages(value: Mapping[str, int | None]) -> Mapping[str, int | None]:
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise InvalidFieldError("fact_max_age", "expected a mapping of fact key to days")
    for days in value.values():
        if days is not None:
            _check_age(None, None, days)
    return dict(value)


def _standard(value: Standard | str) -> Standard:
    return lookup(Standard, value, "standard")


@attrs.frozen(kw_only=True)
class Policy:
    """
    An ordered tuple of core rules, the jurisdiction packs and the parameters rules read.

    Policies are values: every verb returns a new policy, and a policy compiles itself
    once per jurisdiction (which packs apply, which rules run) the first time it decides.

    Args:
        name: Its name, recorded in every decision.
        version: Its version, recorded in every decision.
        rules: Core rules, run in order before the packs' rules.
        packs: Every jurisdiction pack; each decision uses the ones that apply.
        stage_table: The consent-creep ceiling by stage and authorship.
        quiet_hours: Quiet hours for contacts who set none (default 21:00 to 08:00).
        dial_back: How negative reactions cap the level, and for how long.
        fact_max_age: Days after which a fact of a provenance is too old to use.
        use_inferred_facts: Whether inferred (ordinary) facts may fill content.
        inquiry_reply_days: How long after the contact's inquiry a reply to it needs no
            marketing consent (default six months, as CASL's inquiry window).
        sender: Who sends under this policy, for the rules that ask: whether a consent
            obtained by a partner named this sender, whether the service is directed at
            children.  ``None`` (the default): not configured.
        standard: What the policy asks before a message may go: consent first (the
            default), or the law's floor, which relies on opt-out regimes' permissions
            (see :class:`~personal_touch.rules.Standard`).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.4.0
       ``sender`` and ``standard``.
    """

    name: str = attrs.field(default="default", validator=instance_of(str, "name"))
    version: str = attrs.field(default="1", validator=instance_of(str, "version"))
    rules: tuple[Rule, ...] = attrs.field(default=(), converter=_rules)
    packs: tuple[Pack, ...] = attrs.field(default=(), converter=_packs)
    stage_table: StageTable = attrs.field(
        default=DEFAULT_STAGE_TABLE, validator=instance_of(StageTable, "stage_table")
    )
    quiet_hours: QuietHours = attrs.field(
        default=DEFAULT_QUIET_HOURS, validator=instance_of(QuietHours, "quiet_hours")
    )
    dial_back: tuple[DialBack, ...] = attrs.field(default=DEFAULT_DIAL_BACK, converter=_dial_back)
    fact_max_age: Mapping[str, int | None] = attrs.field(
        factory=lambda: dict(DEFAULT_FACT_MAX_AGE), converter=_ages, eq=False, hash=False
    )
    use_inferred_facts: bool = attrs.field(default=False, validator=boolean("use_inferred_facts"))
    inquiry_reply_days: int = attrs.field(
        default=183, validator=integer("inquiry_reply_days", low=0)
    )
    sender: SenderProfile | None = attrs.field(
        default=None,
        validator=instance_of(SenderProfile, "sender", optional=True),
    )
    standard: Standard = attrs.field(default=Standard.CONSENT_FIRST, converter=_standard)
    #: What the policy prepared for deciding, by kind: the packs per jurisdiction, the rule
    #: list per jurisdiction, channel and purpose (``_compile``), a wall clock per set of
    #: zones (``_zones``).  Bounded by those finite sets; never pickled.
    _compiled: dict[object, object] = attrs.field(
        factory=dict, init=False, eq=False, hash=False, repr=False
    )

    def __getstate__(self) -> dict[str, object]:
        # The compiled rule lists are a cache of this process's objects: they stay behind.
        return {
            a.name: getattr(self, a.name) for a in attrs.fields(Policy) if a.name != "_compiled"
        }

    def __setstate__(self, state: dict[str, object]) -> None:
        for name, value in (*state.items(), ("_compiled", {})):
            object.__setattr__(self, name, value)

    # -- rule verbs ----------------------------------------------------------------------

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """
        The ids of the core rules, in order.
        """
        return tuple(r.id for r in self.rules)

    def rule(self, rule_id: str) -> Rule:
        """
        The core rule with id *rule_id*.

        Raises:
            InvalidFieldError: No such rule.
        """
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise InvalidFieldError("rule_id", "no core rule with this id in the policy")

    def _index(self, rule_id: str) -> int:
        return self.rule_ids.index(self.rule(rule_id).id)

    def with_rule(self, rule: Rule, *, before: str | None = None, after: str | None = None) -> Self:
        """
        A policy with *rule* added at the end, or *before*/*after* the rule with that id.
        """
        if before is not None and after is not None:
            raise InvalidFieldError("before", "give before or after, not both")
        rules = list(self.rules)
        if before is not None:
            rules.insert(self._index(before), rule)
        elif after is not None:
            rules.insert(self._index(after) + 1, rule)
        else:
            rules.append(rule)
        return attrs.evolve(self, rules=tuple(rules))

    def without_rule(self, rule_id: str) -> Self:
        """
        A policy without the core rule *rule_id*.
        """
        self.rule(rule_id)
        return attrs.evolve(self, rules=tuple(r for r in self.rules if r.id != rule_id))

    def replacing_rule(self, rule_id: str, rule: Rule) -> Self:
        """
        A policy with the core rule *rule_id* replaced by *rule* in the same place.
        """
        i = self._index(rule_id)
        rules = list(self.rules)
        rules[i] = rule
        return attrs.evolve(self, rules=tuple(rules))

    def reordered(self, rule_ids: Iterable[str]) -> Self:
        """
        A policy whose core rules run in the order *rule_ids* (which must name each once).
        """
        ids = tuple(rule_ids)
        if sorted(ids) != sorted(self.rule_ids):
            raise InvalidFieldError("rule_ids", "must name every core rule exactly once")
        return attrs.evolve(self, rules=tuple(self.rule(i) for i in ids))

    def with_packs(self, *packs: Pack) -> Self:
        """
        A policy with *packs* added (a pack with the same id is replaced).
        """
        ids = {p.id for p in packs}
        return attrs.evolve(self, packs=(*(p for p in self.packs if p.id not in ids), *packs))

    def without_packs(self, *pack_ids: str) -> Self:
        """
        A policy without the packs *pack_ids*.
        """
        return attrs.evolve(self, packs=tuple(p for p in self.packs if p.id not in pack_ids))

    def with_stage_table(self, table: StageTable) -> Self:
        """
        A policy with another stage ceiling table.
        """
        return attrs.evolve(self, stage_table=table)

    def with_standard(self, standard: Standard | str) -> Self:
        """
        A policy deciding by *standard* (consent first, or the law's floor).

        .. versionadded:: 0.4.0
        """
        return attrs.evolve(self, standard=standard)

    def with_version(self, name: str, version: str) -> Self:
        """
        A policy renamed and re-versioned (do this when you change rules).
        """
        return attrs.evolve(self, name=name, version=version)

    # -- compilation ---------------------------------------------------------------------

    def packs_for(self, jurisdiction: Jurisdiction | None) -> tuple[Pack, ...]:
        """
        The packs that apply to *jurisdiction* (every pack when it is unknown), cached.
        """
        key = ("packs", None if jurisdiction is None else str(jurisdiction))
        found = self._compiled.get(key)
        if found is None:
            found = tuple(p for p in self.packs if p.applies_to(jurisdiction))
            self._compiled[key] = found
        return found  # type: ignore[return-value]
